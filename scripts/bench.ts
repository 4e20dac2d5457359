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

// The UI, render, API, family and campaign benches measure the built apps (the Worker serves miniapp/dist-h5 as
// its assets), so on a fresh clone they would all fail: build whatever is missing first.
const builds = [
  { output: 'miniapp/dist/app.json', script: 'build:weapp' },
  { output: 'miniapp/dist-h5/index.html', script: 'build:h5' },
]
for (const build of builds) {
  if (existsSync(path.join(repoRoot, build.output))) continue
  console.log(`\n▶ npm run ${build.script} (${build.output} is missing)`)
  const result = await run('npm', ['run', build.script], { quiet: true })
  if (result.code !== 0) {
    console.error(result.output.slice(-4000))
    process.exit(1)
  }
}

let failures = 0
for (const bench of benches) {
  console.log(`\n▶ ${bench.name}`)
  const result = await run('tsx', [bench.file, ...bench.args])
  if (result.code !== 0) failures += 1
}
process.exit(failures ? 1 : 0)
