import { Hono } from 'hono'
import { EntitlementQuerySchema } from '@canbao/shared/api/entitlement'
import { HistoryRequestSchema, type HistoryRequest, type HistoryResponse } from '@canbao/shared/api/history'
import { ProfileRequestSchema, type ProfileResponse } from '@canbao/shared/api/profile'
import { yearOfDate } from '@canbao/shared/api/dates'
import { checkTypedPolicyInput, coverageYearBoughtOn, isProvinceCode, paidOnMessageZh, paidOnProblem } from '@canbao/shared/policy/index'
import { maskResidentId, parseResidentId } from '@canbao/shared/api/resident-id'
import type { AppEnv } from '../env'
import { loadResidentData, replaceSelfHistory } from '../db/history'
import { saveProfile } from '../db/profiles'
import { getUserWithProfile } from '../db/users'
import { entitlementFor } from '../domain/entitlement'
import { mergeHistory } from '../domain/merge'
import { requireUser } from '../lib/auth'
import { isoNow, todayCst } from '../lib/clock'
import { aesKey, encryptText, hmacHex, hmacKey } from '../lib/crypto'
import { ApiError } from '../lib/errors'
import { log } from '../lib/log'
import { enforce } from '../lib/rate-limit'
import { DEFAULT_JSON_LIMIT, jsonBody, limitBody, queryOf } from '../lib/validate'
import { userView } from '../lib/views'

/** Profile changes per account per hour: enough to fix typos, too few to probe which ID numbers are taken. */
const PROFILE_CHANGES_PER_HOUR = 10

type Issue = { path: string; code: string; message: string }

/**
 * Checks that need today's date or the resident's birth date, which a static schema cannot know.
 * A payment the resident says they made after today did not happen yet.
 */
function historyIssues(body: HistoryRequest, today: string, profile: { birth_date: string; province: string; region: string | null } | null): Issue[] {
  const issues: Issue[] = []
  const birthDate = profile?.birth_date ?? null
  body.history.forEach((entry, i) => {
    const at = (field: string) => `history.${i}.${field}`
    if (entry.paidOn !== undefined) {
      // The one home of the payment-date rules (future, before birth, outside the year, before the period).
      const problem = paidOnProblem({ year: entry.year, paidOn: entry.paidOn, province: profile?.province, region: profile?.region ?? undefined, birthDate, today })
      if (problem !== null) issues.push({ path: at('paidOn'), code: problem, message: paidOnMessageZh(problem, entry.year, entry.paidOn) })
    }
    if (birthDate !== null && entry.year < yearOfDate(birthDate)) {
      issues.push({ path: at('year'), code: 'BEFORE_BIRTH', message: `参保年度 ${entry.year} 早于出生年份` })
    }
  })
  // The rules engine's own refusals of impossible records (SPEC §5), checked once here so the resident sees
  // them beside the field now rather than when asking for an answer. Back-paid years are judged per question.
  if (profile !== null && isProvinceCode(profile.province)) {
    const year = Math.max(coverageYearBoughtOn(today, { province: profile.province }), ...body.history.map((e) => e.year))
    const input = { province: profile.province, year, birthDate: profile.birth_date, history: body.history, ...(body.groups ? { groups: body.groups } : {}) }
    const checked = checkTypedPolicyInput(input, { today })
    const seen = new Set(issues.map((i) => i.path))
    if (!checked.ok) {
      for (const found of checked.issues) {
        const path = found.path.join('.')
        if ((found.path[0] === 'history' || found.path[0] === 'groups') && !seen.has(path)) issues.push({ path, code: found.code, message: found.message })
      }
    }
  }
  return issues
}

export const meRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/', async (c) => {
    const row = await getUserWithProfile(c.env.DB, c.get('user').id)
    // A valid token for an account that no longer exists is a signed-out session.
    if (!row) throw new ApiError('UNAUTHENTICATED')
    c.header('Cache-Control', 'no-store')
    return c.json({ user: userView(row) }, 200)
  })
  .put('/profile', limitBody(DEFAULT_JSON_LIMIT), jsonBody(ProfileRequestSchema), async (c) => {
    const body = c.req.valid('json')
    const userId = c.get('user').id
    const parsed = parseResidentId(body.idNumber, todayCst())
    if (!parsed.ok) {
      throw new ApiError('VALIDATION_FAILED', undefined, [{ path: 'idNumber', code: `ID_${parsed.problem.toUpperCase()}`, message: parsed.message }])
    }
    await enforce(c.env.DB, { bucket: `profile:${userId}`, windowSeconds: 3600, max: PROFILE_CHANGES_PER_HOUR, message: '修改参保人信息太频繁，请一小时后再试。' })
    const id = parsed.id.value
    const [idEnc, idHash] = await Promise.all([
      aesKey(c.env.ID_ENC_KEY).then((key) => encryptText(key, id, 'resident-id')),
      hmacKey(c.env.ID_HASH_KEY).then((key) => hmacHex(key, id)),
    ])
    const saved = await saveProfile(
      c.env.DB,
      userId,
      { name: body.name, idEnc, idHash, idMasked: maskResidentId(id), birthDate: parsed.id.birthDate, province: body.province, region: body.region ?? null },
      isoNow(),
    )
    if (!saved.ok) {
      log.warn('profile_id_bound_elsewhere', { user: userId })
      throw new ApiError('ID_ALREADY_BOUND')
    }
    const row = await getUserWithProfile(c.env.DB, userId)
    const profile = row ? userView(row).profile : null
    if (!profile) throw new Error('profile vanished after save')
    return c.json({ profile } satisfies ProfileResponse, 200)
  })
  .get('/profile', async (c) => {
    const row = await getUserWithProfile(c.env.DB, c.get('user').id)
    const profile = row ? userView(row).profile : null
    if (!profile) throw new ApiError('NOT_FOUND', '还没有填写参保人信息。')
    c.header('Cache-Control', 'no-store')
    return c.json({ profile } satisfies ProfileResponse, 200)
  })
  .put('/history', limitBody(DEFAULT_JSON_LIMIT), jsonBody(HistoryRequestSchema), async (c) => {
    const body = c.req.valid('json')
    const userId = c.get('user').id
    const before = await loadResidentData(c.env.DB, userId)
    const issues = historyIssues(body, todayCst(), before.profile ?? null)
    if (issues.length > 0) throw new ApiError('VALIDATION_FAILED', undefined, issues)
    await replaceSelfHistory(c.env.DB, userId, body.history, body.groups ?? [], body.backPaidYears ?? [], isoNow())
    return c.json(historyResponse(await loadResidentData(c.env.DB, userId)), 200)
  })
  .get('/history', async (c) => {
    c.header('Cache-Control', 'no-store')
    return c.json(historyResponse(await loadResidentData(c.env.DB, c.get('user').id)), 200)
  })
  .get('/entitlement', queryOf(EntitlementQuerySchema), async (c) => {
    const data = await loadResidentData(c.env.DB, c.get('user').id)
    c.header('Cache-Control', 'no-store')
    return c.json(entitlementFor(data, c.req.valid('query'), todayCst()), 200)
  })

function historyResponse(data: Awaited<ReturnType<typeof loadResidentData>>): HistoryResponse {
  const merged = mergeHistory(data.self, data.office, data.backPaidYears, data.family)
  return {
    history: merged.items,
    groups: data.groups,
    backPaidYears: merged.backPaidYears,
    overriddenSelfYears: merged.overriddenSelfYears,
    ignoredBackPaidYears: merged.ignoredBackPaidYears,
  }
}
