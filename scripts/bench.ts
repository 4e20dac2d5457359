/**
 * `npm run bench`: every benchmark script in turn. Each prints its own figures; none of them is a test.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { repoRoot, run } from './lib/proc'

const benches = [{ name: 'policy engine', file: 'scripts/bench-policy.ts' }].filter((b) => existsSync(path.join(repoRoot, b.file)))

let failures = 0
if (benches.length === 0) console.log('no benchmarks yet')
for (const bench of benches) {
  console.log(`\n▶ ${bench.name}`)
  const result = await run('tsx', [bench.file])
  if (result.code !== 0) failures += 1
}
process.exit(failures ? 1 : 0)
