/**
 * Family payments per second on local workerd (`wrangler dev`, local D1, the in-process platform fake):
 *   - distinct payers: many accounts paying at once, the D1 write lane shared but no account contended;
 *   - one payer under contention: the same number of payments, all from one account at once.
 * Every payment is a real hold → platform transfer → settle. Payers and bindings are written straight into
 * a fresh local D1 (the invitation route limits invitations per day), and session tokens are signed with a
 * JWT secret this script gives the server, so sign-in limits do not shape the figures.
 *   npx tsx scripts/bench-family.ts [payments per scenario, default 300] [concurrency, default 20]
 */
import { createCipheriv, createHmac, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sign } from 'hono/jwt'
import { cstDate } from '../shared/api/dates'
import { maskResidentId, residentIdCheckChar } from '../shared/api/resident-id'
import { DEV_ID_ENC_KEY, DEV_ID_HASH_KEY } from '../functions/src/lib/dev-keys'
import { migrateLocal, seedLocal, startDevServer } from './lib/dev-server'
import { run } from './lib/proc'

const PAYMENTS = Number(process.argv[2] ?? 300)
const CONCURRENCY = Number(process.argv[3] ?? 20)
const DISTINCT_PAYERS = 30
const NEXT_YEAR = Number(cstDate(Date.now()).slice(0, 4)) + 1
const JWT_SECRET = randomBytes(32).toString('base64')
const NOW = new Date().toISOString()

const encKey = Buffer.from(DEV_ID_ENC_KEY, 'base64')
const hashKey = Buffer.from(DEV_ID_HASH_KEY, 'base64')
const encrypt = (id: string) => {
  const iv = randomBytes(12)
  const c = createCipheriv('aes-256-gcm', encKey, iv)
  c.setAAD(Buffer.from('resident-id'))
  const sealed = Buffer.concat([c.update(id, 'utf8'), c.final(), c.getAuthTag()])
  return `v1.${iv.toString('base64')}.${sealed.toString('base64')}`
}
const hash = (id: string) => createHmac('sha256', hashKey).update(id).digest('hex')
let serial = 0
const newId = (birth: string) => {
  serial += 1
  const first17 = `510104${birth.replace(/-/g, '')}${String(serial % 1000).padStart(3, '0')}`
  return first17 + residentIdCheckChar(first17)
}
const two = (n: number) => String(n).padStart(2, '0')
const birthOf = (n: number) =>
  `20${two(10 + (n % 15))}-${two(1 + (Math.floor(n / 15) % 12))}-${two(1 + (Math.floor(n / 180) % 28))}`
const q = (v: string | number) => (typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`)
/** One INSERT statement; the columns are the row's keys, each value quoted by q. */
const insert = (table: string, row: Record<string, string | number>) =>
  `INSERT INTO ${table} (${Object.keys(row).join(', ')}) VALUES (${Object.values(row).map(q).join(', ')});`

interface Payer {
  userId: string
  bindings: string[]
}

function payersSql(prefix: string, payerCount: number, perPayer: number): { sql: string[]; payers: Payer[] } {
  const sql: string[] = []
  const payers: Payer[] = []
  for (let p = 0; p < payerCount; p++) {
    const userId = `u_bench_${prefix}_${p}`
    const id = newId('1975-01-01')
    sql.push(
      insert('users', {
        id: userId,
        openid: `obench-${prefix}-${p}`,
        role: 'resident',
        created_at: NOW,
        last_login_at: NOW,
      }),
      // A verified profile (人脸核身 passed) and a live session row: without them every payment is refused.
      insert('profiles', {
        user_id: userId,
        name: '测试',
        id_enc: encrypt(id),
        id_hash: hash(id),
        id_masked: maskResidentId(id),
        birth_date: '1975-01-01',
        province: '51',
        region: '510100',
        updated_at: NOW,
        verified_at: NOW,
      }),
      insert('sessions', {
        id: sessionOf(userId),
        user_id: userId,
        issued_at: NOW,
        expires_at: new Date(Date.now() + 3600_000).toISOString(),
      }),
      insert('family_accounts', {
        payer_user_id: userId,
        account_no: `PABENCH${prefix}${p}`,
        balance_fen: 100000000,
        synced_at: NOW,
        updated_at: NOW,
      }),
      insert('family_ledger', {
        payer_user_id: userId,
        kind: 'opening',
        amount_fen: 100000000,
        balance_after_fen: 100000000,
        source: 'bench',
        created_at: NOW,
      }),
    )
    const bindings: string[] = []
    for (let b = 0; b < perPayer; b++) {
      const bindingId = `fb_${randomBytes(12).toString('hex')}`
      const birth = birthOf(serial)
      const rid = newId(birth)
      bindings.push(bindingId)
      sql.push(
        insert('family_bindings', {
          id: bindingId,
          payer_user_id: userId,
          relationship: 'child',
          relative_name: '孩子',
          relative_id_enc: encrypt(rid),
          relative_id_hash: hash(rid),
          relative_id_masked: maskResidentId(rid),
          relative_birth_date: birth,
          relative_province: '51',
          relative_region: '510100',
          status: 'active',
          consent_kind: 'guardian',
          consented_at: NOW,
          invited_at: NOW,
        }),
      )
    }
    payers.push({ userId, bindings })
  }
  return { sql, payers }
}

const sessionOf = (userId: string) => `s_${userId}`

async function tokenOf(userId: string) {
  const iat = Math.floor(Date.now() / 1000)
  return sign(
    { sub: userId, sid: sessionOf(userId), role: 'resident', iss: 'canbao', iat, exp: iat + 3600 },
    JWT_SECRET,
    'HS256',
  )
}

async function measure(url: string, jobs: { token: string; relativeId: string }[]) {
  let next = 0
  const statuses = new Map<string, number>()
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const job = jobs[next++]
        if (!job) return
        let res: Response
        let text: string
        try {
          res = await fetch(`${url}/api/family/payments`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${job.token}`,
              'idempotency-key': `bench-${job.relativeId}`,
            },
            body: JSON.stringify({ relativeId: job.relativeId, year: NEXT_YEAR, item: 'resident-contribution' }),
          })
          text = await res.text()
        } catch {
          statuses.set('connection lost', (statuses.get('connection lost') ?? 0) + 1)
          continue
        }
        let key = `HTTP ${res.status}`
        try {
          const body = JSON.parse(text) as { payment?: { status: string }; error?: { code: string } }
          key = body.payment?.status ?? body.error?.code ?? key
        } catch {
          // a non-JSON answer (the local runtime overloaded) is counted, not fatal
        }
        statuses.set(key, (statuses.get(key) ?? 0) + 1)
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  return { perSecond: jobs.length / seconds, seconds, statuses: Object.fromEntries(statuses) }
}

const dir = mkdtempSync(path.join(tmpdir(), 'canbao-bench-family-'))
const server = await (async () => {
  await migrateLocal(dir)
  await seedLocal(dir)
  const distinct = payersSql('d', DISTINCT_PAYERS, Math.ceil(PAYMENTS / DISTINCT_PAYERS))
  const single = payersSql('s', 1, PAYMENTS)
  const file = path.join(dir, 'bench.sql')
  writeFileSync(file, [...distinct.sql, ...single.sql].join('\n'))
  const loaded = await run(
    'wrangler',
    ['d1', 'execute', 'canbao', '--local', '--persist-to', dir, '--file', file, '--yes'],
    { quiet: true },
  )
  if (loaded.code !== 0) throw new Error(`loading bench data failed:\n${loaded.output}`)
  const s = await startDevServer({
    persistTo: dir,
    quiet: true,
    vars: {
      JWT_SECRET,
      PLATFORM_MODE: 'fake',
      PLATFORM_FAKE_DEFAULT_BALANCE_FEN: '100000000',
      PLATFORM_FAKE_ACCOUNTS: 'everyone',
    },
  })
  return { s, distinct, single }
})()

try {
  const distinctJobs: { token: string; relativeId: string }[] = []
  const tokens = await Promise.all(server.distinct.payers.map((p) => tokenOf(p.userId)))
  // interleave payers so concurrent requests belong to different accounts
  for (let i = 0; distinctJobs.length < PAYMENTS; i++) {
    const p = server.distinct.payers[i % DISTINCT_PAYERS] as Payer
    const relativeId = p.bindings[Math.floor(i / DISTINCT_PAYERS)]
    if (relativeId) distinctJobs.push({ token: tokens[i % DISTINCT_PAYERS] as string, relativeId })
  }
  const one = server.single.payers[0] as Payer
  const oneToken = await tokenOf(one.userId)
  const contendedJobs = one.bindings.map((relativeId) => ({ token: oneToken, relativeId }))

  // a short warm-up so the first scenario does not pay for module loading
  await measure(server.s.url, distinctJobs.splice(0, CONCURRENCY))
  const a = await measure(server.s.url, distinctJobs)
  const b = await measure(server.s.url, contendedJobs)
  console.log(`family payments on local workerd (${CONCURRENCY} in flight, hold → platform fake → settle):`)
  console.log(
    `  distinct payers (${DISTINCT_PAYERS} accounts): ${a.perSecond.toFixed(0)} payments/s  ` +
      `(${distinctJobs.length} in ${a.seconds.toFixed(1)} s) ${JSON.stringify(a.statuses)}`,
  )
  console.log(
    `  one payer under contention:      ${b.perSecond.toFixed(0)} payments/s  ` +
      `(${contendedJobs.length} in ${b.seconds.toFixed(1)} s) ${JSON.stringify(b.statuses)}`,
  )
  // A figure of refused payments measures nothing: say so and fail.
  const refused = [a, b].flatMap((r) => Object.entries(r.statuses).filter(([status]) => status !== 'succeeded'))
  if (refused.length) {
    console.error(`not every payment succeeded: ${JSON.stringify(refused)}`)
    process.exitCode = 1
  }
} finally {
  await server.s.stop()
  rmSync(dir, { recursive: true, force: true })
}
