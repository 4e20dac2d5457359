import { Hono } from 'hono'
import * as v from 'valibot'
import { EntitlementQuerySchema, EntitlementResponseSchema } from '@canbao/shared/api/entitlement'
import { UserViewSchema } from '@canbao/shared/api/auth'
import {
  HistoryRequestSchema,
  HistoryResponseSchema,
  type HistoryRequest,
  type HistoryResponse,
} from '@canbao/shared/api/history'
import { ProfileRequestSchema, ProfileResponseSchema, type ProfileResponse } from '@canbao/shared/api/profile'
import {
  NOTICE_TEXT_ZH,
  SENSITIVE_PI_CONSENT_TEXT,
  SENSITIVE_PI_CONSENT_VERSION,
  VerificationFinishRequestSchema,
  VerificationStartResponseSchema,
  type VerificationStartResponse,
} from '@canbao/shared/api/identity'
import { yearOfDate } from '@canbao/shared/api/dates'
import {
  checkTypedPolicyInput,
  coverageYearBoughtOn,
  isProvinceCode,
  paidOnMessageZh,
  paidOnProblem,
  type PolicyTables,
} from '@canbao/shared/policy/index'
import { maskResidentId, parseResidentId } from '@canbao/shared/api/resident-id'
import type { AppEnv } from '../env'
import { loadResidentData, replaceSelfHistory } from '../db/history'
import { saveProfile } from '../db/profiles'
import {
  deleteAccount,
  dismissNotices,
  exportRows,
  finishVerification,
  markVerified,
  noticesOf,
  openVerification,
  recordVerificationStart,
} from '../db/identity'
import { identityOf } from '../db/family'
import { getUserWithProfile } from '../db/users'
import { entitlementFor } from '../domain/entitlement'
import { registrySnapshot } from '../registry/snapshot'
import { mergeHistory } from '../domain/merge'
import { noStore, requireUser } from '../middleware'
import { describe } from '../openapi/describe'
import { isoNow, nowMs, todayCst } from '../lib/clock'
import { aesKey, decryptText, encryptText, hmacHex, hmacKey } from '../lib/crypto'
import { isRealWeChat } from '../lib/config'
import { randomHex } from '../lib/ids'
import { WeChatError, certHash, wechatFromEnv, withAccessToken, type WeChatFaceApi } from '../wechat'
import { openidOf } from '../db/users'
import { ApiError } from '../lib/errors'
import { log } from '../lib/log'
import { enforce } from '../lib/rate-limit'
import { DEFAULT_JSON_LIMIT, jsonBody, limitBody, queryOf } from '../lib/validate'
import { userView } from '../lib/views'

/** Profile changes per account per hour: enough to fix typos, too few to probe which ID numbers are taken. */
const PROFILE_CHANGES_PER_HOUR = 10
/** Face checks started per account per day: WeChat bills each getverifyid, and a person needs a few tries at most. */
const VERIFICATIONS_PER_DAY = 10

/** What verify_ret says happened in wx.requestFacialVerify; only 10000 is a pass. */
function verifyRetError(verifyRet: number): ApiError {
  if (verifyRet >= 90002 && verifyRet <= 90006) return new ApiError('VERIFY_CANCELLED')
  if (verifyRet === 90001 || verifyRet === 90109)
    return new ApiError('VERIFY_UNSUPPORTED', '这台手机不支持人脸核身，请换一台手机在微信里打开小程序后再认证。')
  if (verifyRet >= 90008 && verifyRet <= 90010)
    return new ApiError(
      'VERIFY_FAILED',
      '人脸核身需要使用相机和麦克风。请在手机“设置”里允许微信使用相机和麦克风后重试。',
    )
  if (verifyRet === 90017 || verifyRet === 90107)
    return new ApiError('VERIFY_FAILED', '人脸核身超时了。请在光线充足处正对手机，按提示动作后重试。')
  if (verifyRet === 90007 || verifyRet === 90012)
    return new ApiError('VERIFY_FAILED', '人脸核身时网络不稳定，请换个网络后重试。')
  return new ApiError('VERIFY_FAILED')
}

function verificationUpstreamError(err: WeChatError): ApiError {
  if (err.kind === 'verify-invalid') return new ApiError('VERIFY_EXPIRED')
  if (err.kind === 'rate-limited') return new ApiError('RATE_LIMITED', '实名认证的人太多，请一分钟后再试。')
  if (err.kind === 'busy') return new ApiError('WECHAT_BUSY')
  return new ApiError('UPSTREAM_UNAVAILABLE', '暂时无法连接微信人脸核身服务，请稍后再试。')
}

/** Keyed hash of what a face check was started for: a later edit of the name or ID number no longer matches. */
const subjectHash = async (hashKey: string, name: string, idNumber: string) =>
  hmacHex(await hmacKey(hashKey), `face-subject:${name}\u0000${idNumber}`)

type Issue = { path: string; code: string; message: string }

/** Engine refusals that hold whatever the resident's province: checked even before a profile exists. */
const PROVINCE_FREE_CODES = new Set(['DUPLICATE_YEAR', 'SWITCH_ORDER', 'RESIDENT_FIELD_ON_EMPLOYEE'])

/**
 * Checks that need today's date or the resident's birth date, which a static schema cannot know.
 * A payment the resident says they made after today did not happen yet.
 */

function historyIssues(
  body: HistoryRequest,
  today: string,
  profile: { birthDate: string; province: string; region: string | null } | null,
  tables: PolicyTables,
): Issue[] {
  const issues: Issue[] = []
  const birthDate = profile?.birthDate ?? null
  body.history.forEach((entry, i) => {
    const at = (field: string) => `history.${i}.${field}`
    if (entry.paidOn !== undefined) {
      // The one home of the payment-date rules (future, before birth, outside the year, before the period).
      const problem = paidOnProblem(
        {
          year: entry.year,
          paidOn: entry.paidOn,
          province: profile?.province,
          region: profile?.region ?? undefined,
          birthDate,
          today,
          ...(entry.programmeYears !== undefined ? { programmeYears: entry.programmeYears } : {}),
        },
        { tables },
      )
      if (problem !== null)
        issues.push({ path: at('paidOn'), code: problem, message: paidOnMessageZh(problem, entry.year, entry.paidOn) })
    }
    if (birthDate !== null && entry.year < yearOfDate(birthDate)) {
      issues.push({ path: at('year'), code: 'BEFORE_BIRTH', message: `参保年度 ${entry.year} 早于出生年份` })
    }
  })
  // The rules engine's own refusals of impossible records (SPEC §5), checked once here so the resident sees
  // them beside the field now rather than when asking for an answer. Back-paid years are judged per question.
  if (profile === null) {
    // No province yet: only the engine's checks that no province changes (SPEC §5: which entries one year
    // may hold) — asked of the engine itself, so the rule keeps one home.
    const checked = checkTypedPolicyInput({
      province: '51',
      year: Math.max(yearOfDate(today), ...body.history.map((e) => e.year)),
      history: body.history,
    })
    if (!checked.ok)
      for (const found of checked.issues)
        if (PROVINCE_FREE_CODES.has(found.code))
          issues.push({ path: found.path.join('.'), code: found.code, message: found.message })
  } else if (isProvinceCode(profile.province)) {
    const year = Math.max(
      coverageYearBoughtOn(today, { province: profile.province, region: profile.region ?? undefined, tables }),
      ...body.history.map((e) => e.year),
    )
    const input = {
      province: profile.province,
      ...(profile.region ? { region: profile.region } : {}),
      year,
      birthDate: profile.birthDate,
      history: body.history,
      ...(body.groups ? { groups: body.groups } : {}),
    }
    const checked = checkTypedPolicyInput(input, { today, tables })
    const seen = new Set(issues.map((i) => i.path))
    if (!checked.ok) {
      for (const found of checked.issues) {
        const path = found.path.join('.')
        if ((found.path[0] === 'history' || found.path[0] === 'groups') && !seen.has(path))
          issues.push({ path, code: found.code, message: found.message })
      }
    }
  }
  return issues
}

const OK = v.object({ ok: v.literal(true) })

export const meRoutes = new Hono<AppEnv>()
  .use(noStore)
  .use(requireUser)
  .get(
    '/',
    describe({
      summary: '当前用户',
      ok: { 200: { schema: v.object({ user: UserViewSchema }), description: '当前用户（身份证号已打码）' } },
    }),
    async (c) => {
      const row = await getUserWithProfile(c.env.DB, c.get('user').id)
      // A valid token for an account that no longer exists is a signed-out session.
      if (!row) throw new ApiError('UNAUTHENTICATED')
      const notices = (await noticesOf(c.env.DB, row.id)).map((n) => ({
        kind: n.kind,
        messageZh: NOTICE_TEXT_ZH[n.kind],
        createdAt: n.createdAt,
      }))
      return c.json({ user: userView(row, notices) }, 200)
    },
  )
  /** The resident has read the notices shown on 我的. */
  .delete(
    '/notices',
    describe({ summary: '已读账号通知', ok: { 200: { schema: OK, description: '已清除' } } }),
    async (c) => {
      await dismissNotices(c.env.DB, c.get('user').id)
      return c.json({ ok: true as const }, 200)
    },
  )
  /**
   * 注销: the account's personal data is removed at once and every session ends. Kept: family ledger entries
   * and payment receipts (under a pseudonym), and office records (the office's own).
   */
  .delete(
    '/',
    describe({
      summary: '注销账号',
      description:
        '删除参保人信息、本人申报的记录、提醒订阅、会话和未接受的邀请；家庭共济的账目和缴费凭证以化名保留；经办机构的记录不受影响。不可撤销。',
      ok: { 200: { schema: OK, description: '已注销' } },
    }),
    async (c) => {
      const userId = c.get('user').id
      await deleteAccount(c.env.DB, userId, isoNow())
      log.info('account_deleted', { user: userId })
      return c.json({ ok: true as const }, 200)
    },
  )
  /**
   * Everything stored about the caller. ID numbers stay masked, the owner's own included: the file leaves our
   * protection (saved, forwarded in a chat), the owner knows their number, and a full number in a file is
   * what identity thieves look for. The ID itself is only ever shown masked anywhere in the service.
   */
  .get(
    '/export',
    describe({
      summary: '导出我的数据',
      description: '以 JSON 返回保存的关于本人的全部信息；身份证号只显示打码后的号码。',
      ok: { 200: { schema: v.record(v.string(), v.unknown()), description: '我的数据' } },
    }),
    async (c) => {
      const userId = c.get('user').id
      const rows = await exportRows(c.env.DB, userId)
      c.header('Content-Disposition', 'attachment; filename="canbao-my-data.json"')
      return c.json(
        {
          exportedAt: isoNow(),
          noteZh:
            '这是参保助手保存的关于您的全部信息。身份证号只显示打码后的号码；医保经办机构导入的记录只在您完成实名认证后列出。',
          ...rows,
        },
        200,
      )
    },
  )
  /**
   * 人脸核身 step 1: WeChat's getverifyid with the profile's name and ID number and the caller's openid. The
   * verify_id goes to wx.requestFacialVerify; in fake mode the development fake decides the outcome instead.
   */
  .post(
    '/verification',
    describe({
      summary: '开始实名认证（微信人脸核身）',
      description: '用参保人信息的姓名和身份证号调用微信 getverifyid，返回 verifyId 供 wx.requestFacialVerify 使用。',
      ok: { 200: { schema: VerificationStartResponseSchema, description: '可以开始人脸核身' } },
      errors: ['PROFILE_REQUIRED', 'RATE_LIMITED', 'UPSTREAM_UNAVAILABLE', 'WECHAT_BUSY', 'VERIFY_EXPIRED'],
    }),
    async (c) => {
      const userId = c.get('user').id
      const profile = await identityOf(c.env.DB, userId)
      if (!profile)
        throw new ApiError('PROFILE_REQUIRED', '请先填写并保存参保人信息（姓名和身份证号），再进行实名认证。')
      await enforce(c.env.DB, {
        bucket: `verify:${userId}`,
        windowSeconds: 86400,
        max: VERIFICATIONS_PER_DAY,
        message: '今天实名认证的次数太多，请明天再试。',
      })
      const openid = await openidOf(c.env.DB, userId)
      if (!openid) throw new ApiError('UNAUTHENTICATED')
      const idNumber = await decryptText(await aesKey(c.env.ID_ENC_KEY), profile.idEnc, 'resident-id')
      const outSeqNo = `fv${randomHex(15)}`
      const api = wechatFromEnv(c.env)
      let answer: Awaited<ReturnType<WeChatFaceApi['getVerifyId']>>
      try {
        answer = await withAccessToken(c.env, api, (token) =>
          api.getVerifyId(token, { outSeqNo, certName: profile.name, certNo: idNumber, openid }),
        )
      } catch (err) {
        if (!(err instanceof WeChatError)) throw err
        log.warn('verify_start_wechat_error', { kind: err.kind, errcode: err.errcode })
        throw verificationUpstreamError(err)
      }
      const now = nowMs()
      await recordVerificationStart(c.env.DB, {
        outSeqNo: outSeqNo,
        userId: userId,
        verifyId: answer.verifyId,
        subjectHash: await subjectHash(c.env.ID_HASH_KEY, profile.name, idNumber),
        startedAt: new Date(now).toISOString(),
        expiresAt: new Date(now + answer.expiresIn * 1000).toISOString(),
      })
      const body: VerificationStartResponse = {
        verifyId: answer.verifyId,
        expiresIn: answer.expiresIn,
        faceCheck: isRealWeChat(c.env) ? 'wechat' : 'simulated',
      }
      return c.json(body, 200)
    },
  )
  /**
   * 人脸核身 step 3: WeChat's queryverifyinfo (cert_hash from the profile as it is now). Only verify_ret 10000
   * verifies; then this profile holds the ID number and any other account holding it verified loses it.
   */
  .post(
    '/verification/result',
    describe({
      summary: '完成实名认证',
      description: '调用微信 queryverifyinfo 查询真实结果，只有 verify_ret 为 10000 才算通过。',
      ok: { 200: { schema: ProfileResponseSchema, description: '已实名' } },
      errors: [
        'PROFILE_REQUIRED',
        'VERIFY_CANCELLED',
        'VERIFY_FAILED',
        'VERIFY_UNSUPPORTED',
        'VERIFY_EXPIRED',
        'VERIFY_PROFILE_CHANGED',
        'RATE_LIMITED',
        'WECHAT_BUSY',
        'UPSTREAM_UNAVAILABLE',
      ],
    }),
    limitBody(DEFAULT_JSON_LIMIT),
    jsonBody(VerificationFinishRequestSchema),
    async (c) => {
      const userId = c.get('user').id
      const { verifyId } = c.req.valid('json')
      const started = await openVerification(c.env.DB, userId, verifyId)
      if (!started || started.expiresAt <= isoNow()) throw new ApiError('VERIFY_EXPIRED')
      const profile = await identityOf(c.env.DB, userId)
      if (!profile) throw new ApiError('PROFILE_REQUIRED')
      const idNumber = await decryptText(await aesKey(c.env.ID_ENC_KEY), profile.idEnc, 'resident-id')
      if ((await subjectHash(c.env.ID_HASH_KEY, profile.name, idNumber)) !== started.subjectHash)
        throw new ApiError('VERIFY_PROFILE_CHANGED')
      const openid = await openidOf(c.env.DB, userId)
      if (!openid) throw new ApiError('UNAUTHENTICATED')
      const api = wechatFromEnv(c.env)
      const hash = await certHash(profile.name, idNumber)
      let verifyRet: number
      try {
        verifyRet = await withAccessToken(c.env, api, (token) =>
          api.queryVerifyInfo(token, { verifyId, outSeqNo: started.outSeqNo, certHash: hash, openid }),
        )
      } catch (err) {
        if (!(err instanceof WeChatError)) throw err
        log.warn('verify_result_wechat_error', { kind: err.kind, errcode: err.errcode })
        if (err.kind === 'verify-invalid') await finishVerification(c.env.DB, started.outSeqNo, -1, isoNow())
        throw verificationUpstreamError(err)
      }
      if (verifyRet !== 10000) {
        await finishVerification(c.env.DB, started.outSeqNo, verifyRet, isoNow())
        log.info('verify_not_passed', { user: userId, verifyRet })
        throw verifyRetError(verifyRet)
      }
      const takenFrom = await markVerified(c.env.DB, userId, profile.idHash, started.outSeqNo, verifyRet, isoNow())
      log.info('verified', { user: userId, tookOver: takenFrom })
      const row = await getUserWithProfile(c.env.DB, userId)
      const view = row ? userView(row).profile : null
      if (!view) throw new Error('profile vanished after verification')
      return c.json({ profile: view } satisfies ProfileResponse, 200)
    },
  )
  .put(
    '/profile',
    describe({
      summary: '填写或修改参保人信息',
      description: '身份证号按 GB 11643 校验（校验码、出生日期、行政区划），加密保存，任何响应中都只出现打码后的号码。',
      ok: { 200: { schema: ProfileResponseSchema, description: '已保存' } },
      errors: ['RATE_LIMITED'],
    }),
    limitBody(DEFAULT_JSON_LIMIT),
    jsonBody(ProfileRequestSchema),
    async (c) => {
      const body = c.req.valid('json')
      const userId = c.get('user').id
      const parsed = parseResidentId(body.idNumber, todayCst())
      if (!parsed.ok) {
        throw new ApiError('VALIDATION_FAILED', undefined, [
          { path: 'idNumber', code: `ID_${parsed.problem.toUpperCase()}`, message: parsed.message },
        ])
      }
      await enforce(c.env.DB, {
        bucket: `profile:${userId}`,
        windowSeconds: 3600,
        max: PROFILE_CHANGES_PER_HOUR,
        message: '修改参保人信息太频繁，请一小时后再试。',
      })
      const id = parsed.id.value
      const [idEnc, idHash] = await Promise.all([
        aesKey(c.env.ID_ENC_KEY).then((key) => encryptText(key, id, 'resident-id')),
        hmacKey(c.env.ID_HASH_KEY).then((key) => hmacHex(key, id)),
      ])
      // The consent text stored is ours, not the client's: the version names exactly what was shown.
      await saveProfile(
        c.env.DB,
        userId,
        {
          name: body.name,
          idEnc,
          idHash,
          idMasked: maskResidentId(id),
          birthDate: parsed.id.birthDate,
          province: body.province,
          region: body.region ?? null,
        },
        { version: SENSITIVE_PI_CONSENT_VERSION, text: SENSITIVE_PI_CONSENT_TEXT },
        isoNow(),
      )
      const row = await getUserWithProfile(c.env.DB, userId)
      const profile = row ? userView(row).profile : null
      if (!profile) throw new Error('profile vanished after save')
      return c.json({ profile } satisfies ProfileResponse, 200)
    },
  )
  .get(
    '/profile',
    describe({
      summary: '参保人信息',
      ok: { 200: { schema: ProfileResponseSchema, description: '参保人信息（身份证号已打码）' } },
      errors: ['NOT_FOUND'],
    }),
    async (c) => {
      const row = await getUserWithProfile(c.env.DB, c.get('user').id)
      const profile = row ? userView(row).profile : null
      if (!profile) throw new ApiError('NOT_FOUND', '还没有填写参保人信息。')
      return c.json({ profile } satisfies ProfileResponse, 200)
    },
  )
  .put(
    '/history',
    describe({
      summary: '保存本人申报的参保记录',
      description: '与政策用例 input 相同的形状（history、groups、backPaidYears）。缴费日期不能晚于今天（北京时间）。',
      ok: { 200: { schema: HistoryResponseSchema, description: '合并后的参保记录' } },
    }),
    limitBody(DEFAULT_JSON_LIMIT),
    jsonBody(HistoryRequestSchema),
    async (c) => {
      const body = c.req.valid('json')
      const userId = c.get('user').id
      const [before, registry] = await Promise.all([loadResidentData(c.env.DB, userId), registrySnapshot(c.env)])
      const today = todayCst()
      // The region's published windows decide what is early or late, as in the answer the resident will get.
      const issues = historyIssues(body, today, before.profile ?? null, registry.tablesFor(yearOfDate(today)))
      if (issues.length > 0) throw new ApiError('VALIDATION_FAILED', undefined, issues)
      await replaceSelfHistory(c.env.DB, userId, body.history, body.groups ?? [], body.backPaidYears ?? [], isoNow())
      return c.json(historyResponse(await loadResidentData(c.env.DB, userId)), 200)
    },
  )
  .get(
    '/history',
    describe({
      summary: '合并后的参保记录',
      description: '每年一条，source 为 office（医保经办机构导入，优先）或 self（本人申报）。',
      ok: { 200: { schema: HistoryResponseSchema, description: '合并后的参保记录' } },
    }),
    async (c) => {
      return c.json(historyResponse(await loadResidentData(c.env.DB, c.get('user').id)), 200)
    },
  )
  .get(
    '/entitlement',
    describe({
      summary: '某年度的待遇测算（权威结果）',
      description: '规则引擎对该年度的完整结果、逐条中文解释和“如果……”测算。',
      ok: { 200: { schema: EntitlementResponseSchema, description: '测算结果' } },
      errors: ['PROFILE_REQUIRED'],
    }),
    queryOf(EntitlementQuerySchema),
    async (c) => {
      const [data, registry] = await Promise.all([
        loadResidentData(c.env.DB, c.get('user').id),
        registrySnapshot(c.env),
      ])
      return c.json(entitlementFor(data, c.req.valid('query'), todayCst(), registry), 200)
    },
  )

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
