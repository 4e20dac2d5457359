/**
 * Benchmark of a campaign end to end on local workerd (issue 7): N synthetic subscribers in Chengdu, one office
 * campaign through the API, then the real pipeline — planner pages on the queue, the queue consumer, the fake
 * WeChat on loopback — until every subscriber is accounted for. Figures are counted from what the fake WeChat
 * received, not from our own counters.
 *   npm run bench:campaign -- --subscribers N      (default 1,000,000)
 *   … --through-dev-proxy   runs the Worker under `wrangler dev` as `npm start` does, with miniflare's outbound
 *                           proxy and local observability on the same thread (scripts/lib/dev-server.ts)
 * Ends with: `campaign: N subscribers, S sent, D duplicates, L lost, R sends/s`
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DEV_TEMPLATE_IDS } from '../shared/reminders/kinds'
import { migrateLocal, seedLocal, startDevServer, startWorkerDirect, type DevServer } from './lib/dev-server'
import { run } from './lib/proc'

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const value = i === -1 ? NaN : Number(process.argv[i + 1])
  return Number.isInteger(value) && value > 0 ? value : fallback
}

const N = arg('subscribers', 1_000_000)
/** Give up when nothing moved for this long: a stall is a result too, printed as lost. */
const STALL_MS = 120_000
const openidOf = (n: number) => `ob${String(n).padStart(26, '0')}`

const state = mkdtempSync(path.join(tmpdir(), 'canbao-bench-campaign-'))
let server: Omit<DevServer, 'child'> | undefined
try {
  await migrateLocal(state)
  await seedLocal(state)
  // One statement per table, rows generated inside SQLite: a million residents take seconds, not an import.
  const sql = path.join(state, 'subscribers.sql')
  const seq = `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${N})`
  const id = `'u_bench_' || printf('%08d', n)`
  const at = `'2026-01-01T00:00:00Z'`
  writeFileSync(
    sql,
    [
      `${seq} INSERT INTO users (id, openid, created_at, last_login_at)` +
        ` SELECT ${id}, 'ob' || printf('%026d', n), ${at}, ${at} FROM seq;`,
      `${seq} INSERT INTO profiles` +
        ' (user_id, name, id_enc, id_hash, id_masked, birth_date, province, region, updated_at)' +
        ` SELECT ${id}, '测试', 'x', 'h' || n, '5101**********0000', '1990-01-01', '51', '510100', ${at} FROM seq;`,
      `${seq} INSERT INTO reminder_subscriptions` +
        ' (user_id, kind, template_id, allowance, enabled, last_result, last_result_at, updated_at)' +
        ` SELECT ${id}, 'campaign', '${DEV_TEMPLATE_IDS.campaign}', 1, 1, 'accept', ${at}, ${at} FROM seq;`,
    ].join('\n'),
  )
  const seeded = await run(
    'wrangler',
    ['d1', 'execute', 'canbao', '--local', '--persist-to', state, '--file', sql, '--yes'],
    { quiet: true },
  )
  if (seeded.code !== 0) throw new Error(`seeding subscribers failed:\n${seeded.output}`)

  const vars = { REMINDERS_IGNORE_QUIET_HOURS: '1' }
  server = process.argv.includes('--through-dev-proxy')
    ? await startDevServer({ persistTo: state, quiet: process.env.BENCH_VERBOSE !== '1', vars })
    : await startWorkerDirect({ persistTo: state, vars })
  const { url, wechatUrl } = server
  // The fake counts what it accepts but keeps no bodies: a million of them would only fill its memory.
  await fetch(`${wechatUrl}/__admin/keep-messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ keep: false }),
  })
  for (let i = 1; i <= N; i += 50_000) {
    const openids = Array.from({ length: Math.min(50_000, N - i + 1) }, (_, j) => openidOf(i + j))
    await fetch(`${wechatUrl}/__admin/known-openids`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openids }),
    })
  }
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: 'dev:office-chengdu' }),
  })
  const { token } = (await login.json()) as { token: string }
  const started = Date.now()
  const created = await fetch(`${url}/api/campaigns`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      title: '全民参保集中宣传月',
      content: '2027年度居民医保开始缴费',
      deadline: '2026-12-31',
      audience: 'all',
    }),
  })
  if (created.status !== 202) throw new Error(`campaign not created: ${created.status} ${await created.text()}`)
  const { campaign } = (await created.json()) as { campaign: { id: string } }

  let stats = { total: 0, recipients: 0, duplicates: 0, lastAcceptedAt: null as number | null }
  let counters = { sent: 0, failed: 0, skipped: 0, queued: 0, deferred: 0, audience: 0 }
  let status = 'planning'
  let lastProgress = Date.now()
  let lastTotal = -1
  let lastView = 0
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000))
    stats = (await (await fetch(`${wechatUrl}/__admin/message-stats`)).json()) as typeof stats
    const moved = stats.total !== lastTotal
    // The counters are a GROUP BY over the campaign's deliveries in the very Worker being measured: read them
    // every ten seconds, or when the fake stops receiving (the campaign may be done), not on every tick.
    if (!moved || Date.now() - lastView >= 10_000) {
      const view = (await (
        await fetch(`${url}/api/campaigns/${campaign.id}`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { campaign: { counters: typeof counters; status: string } }
      counters = view.campaign.counters
      status = view.campaign.status
      lastView = Date.now()
    }
    if (moved) {
      lastTotal = stats.total
      lastProgress = Date.now()
      const seconds = (Date.now() - started) / 1000
      process.stderr.write(
        `  ${seconds.toFixed(0)} s: ${stats.total} received, audience ${counters.audience}, ` +
          `${(stats.total / seconds).toFixed(0)} sends/s\n`,
      )
    }
    if (status === 'done' && counters.audience >= N) break
    if (status === 'failed' && counters.queued + counters.deferred === 0) {
      process.stderr.write('  the campaign failed: stopping\n')
      break
    }
    if (Date.now() - lastProgress > STALL_MS) {
      process.stderr.write('  no progress for two minutes: stopping\n')
      break
    }
  }
  // From the office's click to the last message WeChat accepted.
  const seconds = ((stats.lastAcceptedAt ?? Date.now()) - started) / 1000
  const lost = N - stats.recipients - counters.failed
  console.log(`  our counters: ${JSON.stringify(counters)}`)
  console.log(
    `campaign: ${N} subscribers, ${stats.total} sent, ${stats.duplicates} duplicates, ${lost} lost, ` +
      `${(stats.total / seconds).toFixed(0)} sends/s`,
  )
} finally {
  await server?.stop()
  rmSync(state, { recursive: true, force: true })
}
