/**
 * `npm test`: everything CI checks, in the order a failure is cheapest to find — lint and format (Biome), type-check,
 * build the WeChat and H5 apps, run every vitest project (shared, functions in workerd, e2e and journeys in Chromium)
 * and the policy cases — then one closing line `N passed, N failed` that counts every test and check.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { repoRoot, run } from './lib/proc'

interface Tally {
  passed: number
  failed: number
  notes: string[]
}

const tally: Tally = { passed: 0, failed: 0, notes: [] }
const started = Date.now()

function record(name: string, ok: boolean, detail = '') {
  if (ok) tally.passed += 1
  else tally.failed += 1
  tally.notes.push(`${ok ? '✓' : '✗'} ${name}${detail ? ` — ${detail}` : ''}`)
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

async function step(name: string, command: string, args: string[], quiet = false) {
  console.log(`\n▶ ${name}`)
  const result = await run(command, args, { quiet })
  if (quiet && result.code !== 0) console.log(result.output)
  record(name, result.code === 0, seconds(result.ms))
  return result
}

async function main() {
  const tmp = path.join(repoRoot, '.tmp')
  mkdirSync(tmp, { recursive: true })

  await step('lockfile complete for npm ci', 'node', ['scripts/lock-fill-optional.mjs', '--check'])
  await step('layers: SQL only in functions/src/db', 'tsx', ['scripts/check-layers.ts'])
  await step('line length at most 120', 'tsx', ['scripts/check-line-length.ts'])
  await step('Env types current (wrangler types)', 'tsx', ['scripts/check-env-types.ts'])
  await step('lint and format (Biome)', 'biome', ['ci', '.'])

  for (const project of ['shared', 'functions', 'miniapp', '.', 'test/functions']) {
    await step(`type-check ${project}`, 'tsc', ['-p', path.join(project, 'tsconfig.json')])
  }

  const weapp = await step('build weapp', 'npm', ['run', '--silent', 'build:weapp'], true)
  if (weapp.code === 0) await step('check weapp output', 'tsx', ['scripts/check-weapp.ts'])
  else record('check weapp output', false, 'skipped: weapp build failed')

  const h5 = await step('build h5', 'npm', ['run', '--silent', 'build:h5'], true)

  // The weapp project runs the WeChat build itself under a stub WeChat runtime; e2e drives the H5 build in Chromium.
  const projects = [
    'scripts',
    'shared',
    'miniapp',
    'functions',
    ...(weapp.code === 0 ? ['weapp'] : []),
    ...(h5.code === 0 ? ['e2e', 'journeys'] : []),
  ]
  if (weapp.code !== 0) record('weapp runtime tests', false, 'skipped: weapp build failed')
  if (h5.code !== 0) record('e2e', false, 'skipped: H5 build failed')
  const reportFile = path.join(tmp, 'vitest-report.json')
  console.log(`\n▶ vitest (${projects.join(', ')})`)
  const vitest = await run('vitest', [
    'run',
    ...projects.flatMap((p) => ['--project', p]),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reportFile}`,
  ])
  if (existsSync(reportFile)) {
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { numPassedTests: number; numFailedTests: number }
    tally.passed += report.numPassedTests
    tally.failed += report.numFailedTests
    tally.notes.push(
      `  vitest: ${report.numPassedTests} passed, ${report.numFailedTests} failed (${seconds(vitest.ms)})`,
    )
    // A failing global setup or an unloadable file fails the run without failing a single test.
    if (vitest.code !== 0 && report.numFailedTests === 0)
      record('vitest run', false, `exit code ${vitest.code} with no failing test`)
  } else {
    record('vitest run', false, `no report (exit code ${vitest.code})`)
  }

  if (existsSync(path.join(repoRoot, 'scripts/test-policy.ts'))) {
    console.log('\n▶ policy cases')
    const policy = await run('tsx', ['scripts/test-policy.ts'])
    const match = /^(\d+) passed, (\d+) failed\s*$/m.exec(policy.output)
    if (match) {
      tally.passed += Number(match[1])
      tally.failed += Number(match[2])
      tally.notes.push(`  policy cases: ${match[1]} passed, ${match[2]} failed`)
    }
    if (!match || (policy.code !== 0 && Number(match[2]) === 0))
      record('policy cases run', false, `exit code ${policy.code}`)
  }

  console.log('\n── summary ──')
  for (const note of tally.notes) console.log(note)
  console.log(`total time ${seconds(Date.now() - started)}`)
  console.log(`${tally.passed} passed, ${tally.failed} failed`)
  process.exit(tally.failed > 0 ? 1 : 0)
}

main().catch((err) => {
  console.error(err)
  console.log(`${tally.passed} passed, ${tally.failed + 1} failed`)
  process.exit(1)
})
