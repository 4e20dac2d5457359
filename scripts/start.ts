/**
 * `npm start`: a fresh machine to a running Canbao in one command — migrate and seed the local D1,
 * build the H5 app, then serve it and /api from local workerd on one origin.
 */
import { localStateDir, migrateLocal, seedLocal, startDevServer } from './lib/dev-server'
import { run } from './lib/proc'
import { DEMO_OFFICE, DEMO_RESIDENTS } from '../functions/seed/generate'
import { provinceNameZh } from '../shared/regions'

const port = Number(process.env.PORT ?? 8787)

async function main() {
  console.log('› 应用数据库迁移 (D1 migrations)…')
  await migrateLocal(localStateDir)
  console.log('› 写入演示数据 (seed)…')
  await seedLocal(localStateDir)
  console.log('› 构建 H5 应用…')
  const build = await run('npm', ['run', '--silent', 'build:h5'], { quiet: true })
  if (build.code !== 0) {
    console.error(build.output)
    throw new Error('H5 build failed')
  }
  console.log('› 启动本地 workerd 和模拟微信接口…')
  const server = await startDevServer({ persistTo: localStateDir, port })
  console.log(
    `\n参保助手 Canbao is running at ${server.url}/  ` +
      `(API: ${server.url}/api/health, ${server.url}/api/openapi.json)\n` +
      `Sign in with the fake WeChat (${server.wechatUrl}) using a code \`dev:<name>\`; demo residents:\n` +
      DEMO_RESIDENTS.map((r) => `  dev:${r.devName}  ${r.name}（${provinceNameZh(r.province)}）`).join('\n') +
      `\n  dev:${DEMO_OFFICE.devName}  医保经办（四川省成都市 office area）\n` +
      `Secrets for this machine are in .dev.vars (generated when missing).\nPress Ctrl+C to stop.\n`,
  )
  const shutdown = () => void server.stop().then(() => process.exit(0))
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
  // a closed terminal: without a handler Node would exit and leave wrangler (its own process group) running
  process.on('SIGHUP', shutdown)
  server.child.on('exit', (code) => {
    console.error(`wrangler dev exited (${code})`)
    process.exit(code ?? 1)
  })
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
