// Page logic of 户口本审核和查询记录 (issue 13), kept free of Taro so it can be tested as it is.
import type { AuditEntry } from '@canbao/shared/api/office'
import type { HouseholdDecision, HouseholdReview } from '@canbao/shared/api/family'
import type { ApiResult, ClientError } from '../../api/client'
import type { ActionOutcome } from '../../lib/action'
import { cstRecordText, dateText } from '../../lib/format'

/** What a refusal needs before it is sent: the payer reads the reason, so it must say something. */
export function refusalProblem(reason: string): string | null {
  const text = reason.trim()
  if (text.length === 0) return '请填写不予确认的原因，付款人会看到它。'
  if (text.length > 100) return '原因最多 100 个字。'
  return null
}

/**
 * Who did something, as a clerk reads it: "您" for the signed-in clerk. The API has no display names for
 * office accounts, so a colleague is told apart by the last characters of the account, never the raw id.
 */
export function clerkText(actor: string, me: string | undefined): string {
  return actor === me ? '您' : `其他经办人员（账号尾号${actor.slice(-4)}）`
}

/**
 * A decision's line names its review by the binding id ("审核编号 fb_e0b2…f57a"): a clerk copying the log needs
 * something short to read out, so only its last 4 characters are shown, as with account ids above.
 */
export const shortReviewNumbers = (routeZh: string) =>
  routeZh.replace(/审核编号\s*(\S+)/g, (_, id: string) => `审核编号尾号 ${id.slice(-4).toUpperCase()}`)

/** One audit line as an office reads it: when (Beijing time, with the year: it is a log), who, what, whom. */
export function auditLine(entry: AuditEntry, me?: string): string {
  const whom = entry.idNumberMasked ?? '（未查到此人）'
  const what = shortReviewNumbers(entry.routeZh)
  return [cstRecordText(entry.at), entry.officeScopeNameZh, clerkText(entry.actor, me), what, whom].join(' · ')
}

/** The heading of one review: whose child, declared how. */
export function reviewTitle(review: HouseholdReview): string {
  return (
    `${review.payerName}（${review.payerIdNumberMasked}）` +
    `申请作为监护人绑定${review.relationshipZh} ${review.childName}`
  )
}

/** The review's facts in a clerk's words: no version ids, dates as 2026年12月1日, times in Beijing time. */
export function reviewDetail(review: HouseholdReview): string {
  const kb = Math.max(1, Math.round(review.proofBytes / 1024))
  return [
    `孩子身份证号 ${review.childIdNumberMasked}`,
    `出生日期 ${dateText(review.childBirthDate)}`,
    `${cstRecordText(review.committedAt)}签署《监护人承诺书》`,
    `户口本页面（${kb} KB）${cstRecordText(review.proofUploadedAt)}上传`,
  ].join(' · ')
}

/** The conflicts line of the office page. */
export function conflictsLine(counts: { asImporter: number; asHolder: number }): string {
  if (counts.asImporter + counts.asHolder === 0) return '没有重复参保冲突。'
  return (
    `重复参保冲突：本机构导入时被拒绝 ${counts.asImporter} 行（其他统筹地区已有同一人同一年度的记录），` +
    `其他机构试图覆盖本机构记录 ${counts.asHolder} 行。请与对方经办机构核实后处理。`
  )
}

/** What the page shows: the reviews, and beside them the conflicts and the audit, if those answered. */
export interface ReviewsPage {
  reviews: HouseholdReview[]
  /** null: not answered this time (the error is in `partError`) */
  conflicts: string | null
  audit: AuditEntry[] | null
  partError: ClientError | null
}

/**
 * The page's one load, for useLoad. Without the review list there is nothing to do (a failure, shown with
 * a retry); a missing audit or conflicts count only adds its error beside the reviews. The audit is read
 * after the list: reading the list is itself a read that the audit records.
 */
export async function loadReviewsPage(api: {
  reviews: () => Promise<ApiResult<{ reviews: HouseholdReview[] }>>
  conflicts: () => Promise<ApiResult<{ asImporter: number; asHolder: number }>>
  audit: () => Promise<ApiResult<{ entries: AuditEntry[] }>>
}): Promise<ApiResult<ReviewsPage>> {
  const [r, c] = await Promise.all([api.reviews(), api.conflicts()])
  if (!r.ok) return r
  const a = await api.audit()
  const partError = (!c.ok && c.error) || (!a.ok && a.error) || null
  return {
    ok: true,
    data: {
      reviews: r.data.reviews,
      conflicts: c.ok ? conflictsLine(c.data) : null,
      audit: a.ok ? a.data.entries : null,
      partError,
    },
  }
}

/** The request of a decision, or why it cannot be sent yet (a refusal needs its reason). */
export function decisionRequest(
  decision: 'confirm' | 'refuse',
  reason: string,
): { ok: true; body: HouseholdDecision } | { ok: false; message: string } {
  if (decision === 'confirm') return { ok: true, body: { decision } }
  const problem = refusalProblem(reason)
  if (problem) return { ok: false, message: problem }
  return { ok: true, body: { decision, reason: reason.trim() } }
}

/**
 * What the clerk reads after deciding. The card leaves the list once decided, so the success line is said
 * at the top of the page, naming whose binding it was and what now follows for the payer.
 */
export function decisionOutcome(
  review: Pick<HouseholdReview, 'payerName' | 'childName' | 'relationshipZh'>,
  decision: 'confirm' | 'refuse',
  result: ApiResult<unknown>,
): ActionOutcome {
  if (!result.ok) return { ok: false, message: result.error.issues?.[0]?.message ?? result.error.message }
  // "周建国是小华八（子女）的监护人": the child named first, the declared relationship after it in brackets.
  const child = `${review.childName}（${review.relationshipZh}）`
  if (decision === 'confirm')
    return {
      ok: true,
      message: `已确认${review.payerName}是${child}的监护人，绑定已生效，` + `${review.payerName}现在可以为孩子缴费。`,
    }
  return {
    ok: true,
    message: `已退回${review.payerName}绑定${child}的申请，${review.payerName}会看到不予确认的原因。`,
  }
}

/** What the review list is and what the clerk checks (one string: JSX text over lines gains spaces). */
export const reviewsIntroZh = (scopeNameZh: string | undefined) =>
  `${scopeNameZh ?? '本地区'}：为未满16周岁的孩子绑定家庭共济、医保信息平台未能核实户籍关系的申请。` +
  '请核对户口本页面上付款人与孩子的关系后确认；不符的请写明原因，付款人会看到。' +
  '确认前不能代缴，付款人也看不到孩子的参保信息。'
