/**
 * API benchmark on local `wrangler dev` with D1 (fresh database, demo seed): requests/s and p50/p99 latency
 * of GET /api/me/entitlement next to a bare GET /api/health in the same run, and the ratio (goal: the
 * entitlement route reaches >= 50 % of the bare route's throughput; it reads the region figure registry, whose
 * version the output names). The size of each province's downloaded figure set (GET /api/figures) and its
 * 304 revalidation. Then the office import of a
 * 100,000-row file over HTTP, polling its progress, in rows/s.
 *
 * Load comes from autocannon when it is installed; otherwise from a small keep-alive HTTP loop here, which
 * is labelled as such in the output.
 *
 *   tsx scripts/bench-api.ts [--duration 10] [--connections 10] [--skip-load] [--skip-figures] [--skip-import]
 *     [--rows 100000]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { gzipSync } from 'node:zlib'
import { residentIdCheckChar } from '../shared/api/resident-id'
import { migrateLocal, seedLocal, startDevServer, type DevServer } from './lib/dev-server'

interface Figures {
  tool: string
  requestsPerSecond: number
  p50: number
  p99: number
  errors: number
}

const args = process.argv.slice(2)
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`)
  return index === -1 ? fallback : Number(args[index + 1])
}
const DURATION_S = option('duration', 10)
const CONNECTIONS = option('connections', 10)
const IMPORT_ROWS = option('rows', 100_000)

type Autocannon = (opts: Record<string, unknown>) => Promise<{
  requests: { average: number }
  latency: { p50: number; p99: number }
  errors: number
  non2xx: number
}>

async function loadAutocannon(): Promise<Autocannon | null> {
  try {
    const name = 'autocannon'
    const mod = (await import(name)) as { default: Autocannon }
    return mod.default
  } catch {
    return null
  }
}

/** Closed-loop keep-alive load: CONNECTIONS requests in flight, each sent again as soon as it completes. */
async function builtInLoad(url: string, headers: Record<string, string>, seconds: number): Promise<Figures> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS })
  const latencies: number[] = []
  let errors = 0
  const deadline = performance.now() + seconds * 1000
  const one = () =>
    new Promise<void>((resolve) => {
      const started = performance.now()
      const req = request(url, { agent, headers }, (res) => {
        res.resume()
        res.on('end', () => {
          if (res.statusCode !== 200) errors++
          latencies.push(performance.now() - started)
          resolve()
        })
      })
      req.on('error', () => {
        errors++
        resolve()
      })
      req.end()
    })
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) await one()
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  agent.destroy()
  latencies.sort((a, b) => a - b)
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN
  return {
    tool: 'built-in keep-alive loop',
    requestsPerSecond: latencies.length / elapsed,
    p50: pct(50),
    p99: pct(99),
    errors,
  }
}

async function measure(autocannon: Autocannon | null, url: string, headers: Record<string, string>): Promise<Figures> {
  if (!autocannon) return builtInLoad(url, headers, DURATION_S)
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION_S })
  return {
    tool: 'autocannon',
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  }
}

async function post(url: string, body: BodyInit, headers: Record<string, string>) {
  const res = await fetch(url, { method: 'POST', body, headers })
  return { status: res.status, body: (await res.json()) as Record<string, any> }
}

function importCsv(rows: number): string {
  const lines = ['身份证号,年度,险种,缴费日期,基金支付金额分,使用激励']
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(1940, 0, 1) + (i % 20_000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '')
    const first17 = `510104${day}${String(Math.floor(i / 20_000) + 1).padStart(3, '0')}`
    const paidOn = `2024-11-${String((i % 28) + 1).padStart(2, '0')}`
    const fundFen = i % 4 === 0 ? 0 : 10_000 + i
    lines.push(`${first17}${residentIdCheckChar(first17)},2025,居民,${paidOn},${fundFen},否`)
  }
  return lines.join('\n')
}

const fmt = (f: Figures) =>
  `${f.requestsPerSecond.toFixed(0).padStart(6)} req/s   ` +
  `p50 ${f.p50.toFixed(1).padStart(6)} ms   p99 ${f.p99.toFixed(1).padStart(6)} ms` +
  (f.errors ? `   (${f.errors} errors)` : '')

async function main() {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'canbao-bench-'))
  let server: DevServer | undefined
  try {
    await migrateLocal(stateDir)
    await seedLocal(stateDir)
    server = await startDevServer({ persistTo: stateDir, quiet: true })
    const base = server.url
    const login = await post(`${base}/api/auth/login`, JSON.stringify({ code: 'dev:zhangsan' }), {
      'content-type': 'application/json',
    })
    if (login.status !== 200) throw new Error(`demo sign-in failed: ${JSON.stringify(login.body)}`)
    const auth = { authorization: `Bearer ${login.body.token}` }
    const entitlementUrl = `${base}/api/me/entitlement?year=2027`
    const check = await fetch(entitlementUrl, { headers: auth })
    if (check.status !== 200) throw new Error(`entitlement answered ${check.status}: ${await check.text()}`)

    const answer = (await check.json()) as { regionFigures?: { version: number; items: unknown[] } }
    if (!answer.regionFigures) throw new Error('entitlement answered without the region figures it used')
    console.log(
      `Region figure registry: version ${answer.regionFigures.version}; ` +
        `the benchmarked answer rests on ${answer.regionFigures.items.length} regional figures`,
    )
    if (!args.includes('--skip-load')) await loadTest(base, entitlementUrl, auth)
    if (!args.includes('--skip-figures')) await figureSetSizes(base, auth)
    if (!args.includes('--skip-import')) await importTest(base)
  } finally {
    await server?.stop()
    rmSync(stateDir, { recursive: true, force: true })
  }
}

async function loadTest(base: string, entitlementUrl: string, auth: Record<string, string>) {
  const autocannon = await loadAutocannon()
  // Warm both routes (isolate, D1 pages, JIT) before anything is counted.
  for (let i = 0; i < 200; i++) {
    await fetch(`${base}/api/health`).then((r) => r.arrayBuffer())
    await fetch(entitlementUrl, { headers: auth }).then((r) => r.arrayBuffer())
  }
  const health = await measure(autocannon, `${base}/api/health`, {})
  const entitlement = await measure(autocannon, entitlementUrl, auth)
  const ratio = entitlement.requestsPerSecond / health.requestsPerSecond
  console.log(`API on local wrangler dev + D1, ${CONNECTIONS} connections × ${DURATION_S} s each, load: ${health.tool}`)
  console.log(`  GET /api/health               ${fmt(health)}`)
  console.log(`  GET /api/me/entitlement       ${fmt(entitlement)}`)
  console.log(
    `  entitlement / health throughput: ${(ratio * 100).toFixed(0)} %  ` +
      `(goal >= 50 %: ${ratio >= 0.5 ? 'met' : 'NOT met'})`,
  )
}

/** What the mini-program downloads per province (the published figures with their sources), and the revalidation. */
async function figureSetSizes(base: string, auth: Record<string, string>) {
  const parts: string[] = []
  for (const province of ['51', '14', '23', '52', '36']) {
    const res = await fetch(`${base}/api/figures?province=${province}`, { headers: auth })
    const body = Buffer.from(await res.arrayBuffer())
    const count = (JSON.parse(body.toString('utf8')) as { figures: unknown[] }).figures.length
    const again = await fetch(`${base}/api/figures?province=${province}`, {
      headers: { ...auth, 'if-none-match': res.headers.get('etag') ?? '' },
    })
    parts.push(
      `${province}: ${count} figures, ${body.length} B (${gzipSync(body).length} B gzip), revalidation ${again.status}`,
    )
  }
  console.log(`Downloaded figure set per province (GET /api/figures):\n  ${parts.join('\n  ')}`)
}

async function importTest(base: string) {
  const office = await post(`${base}/api/auth/login`, JSON.stringify({ code: 'dev:office-chengdu' }), {
    'content-type': 'application/json',
  })
  const officeAuth = { authorization: `Bearer ${office.body.token}` }
  const csv = importCsv(IMPORT_ROWS)
  const started = performance.now()
  const upload = await post(`${base}/api/office/imports`, csv, { ...officeAuth, 'content-type': 'text/csv' })
  if (upload.status !== 202 && upload.status !== 201)
    throw new Error(`import refused: ${JSON.stringify(upload.body).slice(0, 500)}`)
  const accepted = performance.now()
  let job = upload.body.job
  const seen: number[] = [job.percent]
  while (job.status !== 'done' && job.status !== 'failed') {
    await new Promise((r) => setTimeout(r, 200))
    job = (
      (await (await fetch(`${base}/api/office/imports/${job.id}`, { headers: officeAuth })).json()) as {
        job: typeof job
      }
    ).job
    if (seen.at(-1) !== job.percent) seen.push(job.percent)
  }
  const seconds = (performance.now() - started) / 1000
  console.log(
    `Office import: ${IMPORT_ROWS} rows (${(Buffer.byteLength(csv) / 1e6).toFixed(1)} MB) ` +
      `${job.status} in ${seconds.toFixed(1)} s = ${(IMPORT_ROWS / seconds).toFixed(0)} rows/s ` +
      `(upload + validation ${((accepted - started) / 1000).toFixed(1)} s); ` +
      `progress polled: ${seen.join(' → ')} %`,
  )
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
