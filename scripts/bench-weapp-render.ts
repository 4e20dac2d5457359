/**
 * WeChat's compilers on the real build (issue 17): time for wcc to compile every WXML file and for wcsc every
 * WXSS file (the harness does both once per test worker), and how many elements WeChat's element tree has per
 * page, drawn from each page's data on the local Worker (signed in where the page needs it). Prints figures;
 * asserts nothing.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { WeappApp, allPages, distDir, forwardTo, readAppJson, signedInStorage } from '../test/weapp/harness'
import { compileWxml, compileWxss, compilerBinaries } from '../test/weapp/harness/compiler'
import { countElements } from '../test/weapp/harness/view'
import { migrateLocal, seedLocal, startDevServer } from './lib/dev-server'

const RUNS = Number(process.env.BENCH_WEAPP_RUNS ?? 10)
/** Who each page is looked at as: the state with the most on screen. */
const SIGNED_IN_AS: Record<string, string> = {
  'pages/index/index': 'zhangsan',
  'pages/family/index': 'demo-payer',
  'pages/reminders/index': 'zhangsan',
  'pages/me/index': 'zhangsan',
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN

async function main() {
  if (!existsSync(path.join(distDir, 'app.json'))) {
    console.log('weapp render: no build (run npm run build:weapp)')
    return
  }
  const bins = compilerBinaries()
  if (!bins.ok) {
    console.log(`weapp render: skipped, ${bins.reason}`)
    return
  }
  const wcc: number[] = []
  const wcsc: number[] = []
  let files = { wxml: 0, wxss: 0 }
  for (let i = 0; i < RUNS; i++) {
    const wxml = compileWxml(distDir)
    const wxss = compileWxss(distDir)
    wcc.push(wxml.ms)
    wcsc.push(wxss.ms)
    files = { wxml: wxml.files.length, wxss: wxss.css.size }
  }
  console.log(
    `wcc (${files.wxml} WXML files) median ${median(wcc).toFixed(1)} ms, ` +
      `wcsc (${files.wxss} WXSS files) median ${median(wcsc).toFixed(1)} ms, ` +
      `over ${RUNS} runs (miniprogram-compiler ${bins.version})`,
  )

  const state = mkdtempSync(path.join(tmpdir(), 'canbao-bench-weapp-'))
  await migrateLocal(state)
  await seedLocal(state)
  const server = await startDevServer({ persistTo: state, quiet: true })
  try {
    const request = forwardTo(server.url)
    for (const route of allPages(readAppJson())) {
      const as = SIGNED_IN_AS[route]
      const app = await WeappApp.launch({
        path: route,
        request,
        storage: as ? await signedInStorage(server.url, as) : undefined,
      })
      try {
        await app.settle()
        const render = app.page.wxml()
        const started = performance.now()
        for (let i = 0; i < RUNS; i++) app.view?.render(`${route}.wxml`, app.page.instance.data)
        const ms = (performance.now() - started) / RUNS
        console.log(
          `  ${route}${as ? ` (as ${as})` : ''}: ` +
            `${render ? countElements(render.root) : 0} elements, $gwx render ${ms.toFixed(2)} ms`,
        )
      } finally {
        app.close()
      }
    }
  } finally {
    await server.stop()
    rmSync(state, { recursive: true, force: true })
  }
}

await main()
