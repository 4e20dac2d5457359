/**
 * Mini-program figures (issue 5): time from navigation to the status card on the H5 build served by local
 * workerd in headless Chromium, and the WeChat main package size. Prints figures; asserts nothing.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { MAIN_PACKAGE_BUDGET_BYTES, checkWeappBuild } from './check-weapp'
import { launchBrowser } from './lib/browser'
import { migrateLocal, seedLocal, startDevServer } from './lib/dev-server'
import { repoRoot } from './lib/proc'

const RUNS = Number(process.env.BENCH_UI_RUNS ?? 15)
const GOAL_MS = 1000
const GOAL_MAIN_KB = MAIN_PACKAGE_BUDGET_BYTES / 1024

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

async function main() {
  const weapp = checkWeappBuild()
  if (weapp.mainBytes > 0) {
    const kb = weapp.mainBytes / 1024
    console.log(
      `weapp main package: ${kb.toFixed(1)} KB ` +
        `(goal <= ${GOAL_MAIN_KB} KB: ${kb <= GOAL_MAIN_KB ? 'met' : 'NOT met'}); ` +
        `sub-packages ${(weapp.subBytes / 1024).toFixed(1)} KB`,
    )
  } else {
    console.log('weapp main package: no build (run npm run build:weapp)')
  }

  if (!existsSync(path.join(repoRoot, 'miniapp/dist-h5/index.html'))) {
    console.log('H5 status card: no build (run npm run build:h5)')
    return
  }
  const state = mkdtempSync(path.join(tmpdir(), 'canbao-bench-ui-'))
  await migrateLocal(state)
  await seedLocal(state)
  const server = await startDevServer({ persistTo: state, quiet: true })
  const browser = await launchBrowser()
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
    const page = await context.newPage()
    await page.goto(`${server.url}/#/pages/me/index`)
    await page.locator('#dev-login-name input').fill('zhangsan')
    await page.locator('#dev-login').click()
    await page.locator('#account').waitFor({ state: 'visible', timeout: 30_000 })
    const times: number[] = []
    for (let i = 0; i < RUNS + 2; i++) {
      const started = performance.now()
      await page.goto(`${server.url}/?run=${i}#/pages/index/index`)
      await page.locator('#status-action').waitFor({ state: 'visible', timeout: 30_000 })
      // The first two loads warm the Worker and the D1 file; they are not counted.
      if (i >= 2) times.push(performance.now() - started)
    }
    times.sort((a, b) => a - b)
    const p50 = percentile(times, 50)
    console.log(
      `H5 navigation → status card visible (signed in, ${RUNS} runs, local workerd + D1, headless Chromium): ` +
        `p50 ${p50.toFixed(0)} ms, p90 ${percentile(times, 90).toFixed(0)} ms, ` +
        `max ${times[times.length - 1]?.toFixed(0)} ms (goal < ${GOAL_MS} ms: ${p50 < GOAL_MS ? 'met' : 'NOT met'})`,
    )
  } finally {
    await browser.close()
    await server.stop()
    rmSync(state, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
