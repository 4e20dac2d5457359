/**
 * `npm run bench`: every benchmark script in turn. Each prints its own figures; none of them is a test.
 * The campaign bench runs 10,000 subscribers here so the whole suite stays minutes long; the 1,000,000 run
 * is `npm run bench:campaign` (or `-- --subscribers N`).
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { repoRoot, run } from './lib/proc'

const benches = [
  { name: 'policy engine', file: 'scripts/bench-policy.ts', args: [] as string[] },
  { name: 'mini-program', file: 'scripts/bench-ui.ts', args: [] },
  { name: 'WeChat compilers (wcc/wcsc) and element trees', file: 'scripts/bench-weapp-render.ts', args: [] },
  { name: 'API', file: 'scripts/bench-api.ts', args: [] },
  { name: 'family payments', file: 'scripts/bench-family.ts', args: [] },
  { name: 'campaign (reminders)', file: 'scripts/bench-campaign.ts', args: ['--subscribers', '10000'] },
].filter((b) => existsSync(path.join(repoRoot, b.file)))

let failures = 0
for (const bench of benches) {
  console.log(`\n▶ ${bench.name}`)
  const result = await run('tsx', [bench.file, ...bench.args])
  if (result.code !== 0) failures += 1
}
process.exit(failures ? 1 : 0)
