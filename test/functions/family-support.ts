import { coverageYearBoughtOn } from '@canbao/shared/policy/index'
import { env } from 'cloudflare:workers'
import { addDays, cstDate } from '@canbao/shared/api/dates'
import { aesKey, decryptText, encryptText, hmacHex, hmacKey } from '../../functions/src/lib/crypto'
import { maskResidentId } from '@canbao/shared/api/resident-id'
import { GUARDIAN_COMMITMENT_VERSION } from '@canbao/shared/family/index'
import { call, json, login, makeId, setProfile } from './helpers'

export const thisYear = () => Number(cstDate(Date.now()).slice(0, 4))
/**
 * The coverage year a relative's contribution paid today is for (Sichuan's default period): next year from
 * September, this year before it. Tests pay "the year that is due", so they pass in every month.
 */
export const nextYear = () => coverageYearBoughtOn(cstDate(Date.now()), { province: '51' })

/** The fake insurance platform's admin API, through the binding the Worker uses. */
export async function platformAdmin(method: string, path: string, body?: unknown): Promise<any> {
  const binding = (
    env as unknown as { PLATFORM_API: { fetch: (url: string, init?: RequestInit) => Promise<Response> } }
  ).PLATFORM_API
  const res = await binding.fetch(`http://platform.fake/__admin/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return res.json()
}

let seq = Math.floor(Math.random() * 900)
/** A fresh ID number: the fake platform remembers paid years per ID across test files. */
export function freshId(region6: string, birth: string): string {
  seq = (seq + 1) % 1000
  return makeId(region6, birth, seq)
}

/** An employee with a personal account holding `balanceFen` at the fake platform, face-verified unless told not. */
export async function payer(
  name: string,
  balanceFen: number,
  birth = '1980-06-15',
  options: { verified?: boolean } = {},
) {
  const { token, user } = await login(name)
  const idNumber = freshId('510104', birth)
  await platformAdmin('PUT', 'accounts', { idNumber, balanceFen })
  await setProfile(
    token,
    { name: '付款人', idNumber, province: '51', region: '510100' },
    { verify: options.verified !== false },
  )
  return { token, userId: user.id as string, idNumber }
}

/** A resident with a profile, face-verified through the fake unless `verified: false` (a self-declared claimant). */
export async function resident(
  name: string,
  idNumber: string,
  province = '51',
  region = '510100',
  options: { verified?: boolean } = {},
) {
  const { token, user } = await login(name)
  await setProfile(token, { name: '家属', idNumber, province, region }, { verify: options.verified !== false })
  return { token, userId: user.id as string }
}

/** A published figure in the region registry, as maker–checker would leave it (the tables publish no standard). */
export async function setStandard(region: string, year: number, amountFen: number, item = 'resident-contribution') {
  const kind = item === 'long-term-care' ? 'ltc-contribution' : 'contribution'
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO region_figures (region, year, kind, value_json, doc_no, doc_title, issuer, issued_on, link, status,
         proposal_id, published_at)
       VALUES (?1, ?2, ?3, ?4, '测试〔2026〕1号', '测试数据', '测试医保局', '2026-01-01', NULL, 'published', NULL,
         '2026-01-01T00:00:00.000Z')
       ON CONFLICT (region, year, kind) DO UPDATE SET value_json = excluded.value_json`,
    ).bind(region, year, kind, String(amountFen)),
    env.DB.prepare(`UPDATE region_registry_version SET version = version + 1 WHERE id = 1`),
  ])
}

export async function invite(token: string, body: Record<string, unknown>) {
  return call('POST', '/api/family/invitations', { token, json: { province: '51', region: '510100', ...body } })
}

export async function pay(token: string, key: string, body: { relativeId: string; year: number; item?: string }) {
  return call('POST', '/api/family/payments', {
    token,
    json: { item: 'resident-contribution', ...body },
    headers: { 'idempotency-key': key },
  })
}

/** A parent invited by the payer who accepted with their own sign-in: the adult consent path, through the API. */
export async function consentedParent(payerToken: string, loginName: string, name: string, birth: string) {
  const idNumber = freshId('510104', birth)
  const { code, member } = await json(await invite(payerToken, { relationship: 'parent', name, idNumber }))
  const relative = await resident(loginName, idNumber, '51', '510100', { verified: true })
  const accepted = await call('POST', '/api/family/invitations/accept', { token: relative.token, json: { code } })
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${await accepted.text()}`)
  return { member, relative, idNumber }
}

/** The payer's child under 16 in one household with them in the platform's register: confirmed at once. */
export async function childBinding(token: string, birth = '2015-03-01') {
  const me = await json(await call('GET', '/api/me', { token }))
  const payerId = await payerIdNumberOf(me.user.id)
  const idNumber = freshId('510104', birth)
  await platformAdmin('PUT', 'households', { members: [payerId, idNumber] })
  const res = await invite(token, {
    relationship: 'child',
    name: '小明',
    idNumber,
    guardian: true,
    commitmentVersion: GUARDIAN_COMMITMENT_VERSION,
  })
  if (res.status !== 201) throw new Error(`child binding failed: ${res.status} ${await res.text()}`)
  const member = (await json(res)).member
  if (member.status !== 'active') throw new Error(`child binding not confirmed: ${JSON.stringify(member)}`)
  return member.id as string
}

/** The payer's own ID number, read back as the Worker would (tests only). */
async function payerIdNumberOf(userId: string): Promise<string> {
  const row = await env.DB.prepare('SELECT id_enc FROM profiles WHERE user_id = ?1')
    .bind(userId)
    .first<{ id_enc: string }>()
  if (!row) throw new Error('payer has no profile')
  return decryptText(await aesKey(env.ID_ENC_KEY), row.id_enc, 'resident-id')
}

/**
 * Many active bindings at once, written the way the invitation route writes them (for load tests, where
 * inviting one by one through the API would measure the invitation instead of the payment).
 */
let bulkRelativeCount = 0

export async function bulkBindings(payerUserId: string, count: number): Promise<string[]> {
  const enc = await aesKey(env.ID_ENC_KEY)
  const mac = await hmacKey(env.ID_HASH_KEY)
  const ids: string[] = []
  const now = new Date().toISOString()
  const stmts = []
  for (let i = 0; i < count; i++) {
    const id = `fb_${crypto.randomUUID().replace(/-/g, '').slice(0, 24)}`
    // A birth date of its own for every relative of every call: random dates once gave two relatives the same ID,
    // and reusing dates across calls would make one test's relatives "already paid" in another.
    const n = bulkRelativeCount++
    const birth = addDays('1940-01-01', n)
    const idNumber = makeId('510104', birth, n % 1000)
    ids.push(id)
    stmts.push(
      env.DB.prepare(
        `INSERT INTO family_bindings (id, payer_user_id, relationship, relative_name, relative_id_enc, relative_id_hash,
           relative_id_masked, relative_birth_date, relative_province, relative_region, status, consent_kind,
           consented_at, invited_at)
         VALUES (?1, ?2, 'sibling', '亲属', ?3, ?4, ?5, ?6, '51', '510100', 'active', 'relative', ?7, ?7)`,
      ).bind(
        id,
        payerUserId,
        await encryptText(enc, idNumber, 'resident-id'),
        await hmacHex(mac, idNumber),
        maskResidentId(idNumber),
        birth,
        now,
      ),
    )
  }
  for (let i = 0; i < stmts.length; i += 100) await env.DB.batch(stmts.slice(i, i + 100))
  return ids
}

/** The invariant the ledger promises: the stored balance is the sum of its entries, never negative. */
export async function ledgerState(userId: string) {
  const row = await env.DB.prepare(
    `SELECT (SELECT balance_fen FROM family_accounts WHERE payer_user_id = ?1) AS balance,
            (SELECT COALESCE(SUM(amount_fen), 0) FROM family_ledger WHERE payer_user_id = ?1) AS sum,
            (SELECT MIN(balance_after_fen) FROM family_ledger WHERE payer_user_id = ?1) AS low`,
  )
    .bind(userId)
    .first<{ balance: number; sum: number; low: number }>()
  return row!
}

export async function paymentCounts(userId: string) {
  const { results } = await env.DB.prepare(
    `SELECT status, COUNT(*) AS n FROM family_payments WHERE payer_user_id = ?1 GROUP BY status`,
  )
    .bind(userId)
    .all<{ status: string; n: number }>()
  return Object.fromEntries(results.map((r) => [r.status, r.n])) as Record<string, number>
}

/**
 * A guardian invitation of the payer's own child: in one household with the payer in the platform's register
 * and with the guardian's commitment accepted, so the platform confirms it at once.
 */
export async function guardianInvite(
  p: { token: string; idNumber: string },
  body: Record<string, unknown> & { idNumber: string },
) {
  await platformAdmin('PUT', 'households', { members: [p.idNumber, body.idNumber] })
  return invite(p.token, {
    relationship: 'child',
    guardian: true,
    commitmentVersion: GUARDIAN_COMMITMENT_VERSION,
    ...body,
  })
}
