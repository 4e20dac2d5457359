// The 家庭 tab's logic, without Taro: what a payer, a relative or someone outside the employee scheme reads,
// and what each tap may do. index.tsx only renders these answers.

import type { AccountResponse, Member, MembersResponse, Payment, YearStatus } from '@canbao/shared/api/family'
import { coverIfPaidToday, FAMILY_ITEM_ZH } from '@canbao/shared/family/index'
import type { ApiResult, ClientError } from '../../api/client'
import { cstDateText, cstMomentText, dateText, fenText } from '../../lib/format'

/**
 * What the platform says about the signed-in person's employee personal account. Only `employee` may pay
 * for relatives; `none` is everyone in the resident scheme (and new users), who get the explanation.
 */
export type AccountState =
  | { kind: 'employee'; account: AccountResponse }
  /** `profileMissing`: a new user the platform cannot be asked about yet */
  | { kind: 'none'; profileMissing?: true }
  | { kind: 'unknown'; error: ClientError }

/** What the whole tab shows, loaded as one (lib/load.ts gives it its phase). */
export interface FamilyData {
  members: MembersResponse
  account: AccountState
  receipts: Payment[]
}

export function accountStateOf(result: ApiResult<AccountResponse>): AccountState {
  if (result.ok) return { kind: 'employee', account: result.data }
  // FAMILY_NOT_PAYER is the platform's "no employee personal account", not a failure.
  if (result.error.code === 'FAMILY_NOT_PAYER') return { kind: 'none' }
  if (result.error.code === 'PROFILE_REQUIRED') return { kind: 'none', profileMissing: true }
  return { kind: 'unknown', error: result.error }
}

/** The three answers as one: only the members decide failure; a missing account or receipts are not one. */
export function familyOf(
  members: ApiResult<MembersResponse>,
  account: ApiResult<AccountResponse>,
  payments: ApiResult<{ payments: Payment[] }>,
): ApiResult<FamilyData> {
  if (!members.ok) return members
  return {
    ok: true,
    data: {
      members: members.data,
      account: accountStateOf(account),
      receipts: payments.ok ? payments.data.payments.filter((p) => p.receipt) : [],
    },
  }
}

/** Who may use 家庭共济, for those who cannot pay: what it is, not an account they do not have. */
export const FAMILY_AID_EXPLAINED_ZH = {
  title: '什么是家庭共济',
  what: '参加职工医保的人，可以用自己职工医保个人账户里的钱，为配偶、父母、子女等近亲属缴纳居民医保费。',
  who: '只有参加职工医保、有个人账户的本人才能发起代缴；只参加居民医保的人没有个人账户，不能为家人代缴。',
  relative: '如果您的家人参加了职工医保，可以请他在本页邀请您；您收到邀请码后在下方“接受家人的邀请”里填写。',
} as const

/** The line under the explanation that speaks about the person reading it. */
export const youText = (account: Extract<AccountState, { kind: 'none' }>): string =>
  account.profileMissing
    ? '请先在“我的”里填写本人的参保人信息，才能向医保平台查询您有没有职工医保个人账户。'
    : `没有查到您的职工医保个人账户，所以不能为家人代缴。${FAMILY_AID_EXPLAINED_ZH.relative}`

/** The payer's account line, e.g. "2,000元", and the age of the figure in Beijing time. */
export const balanceText = (account: AccountResponse) => fenText(account.balanceFen)
/**
 * When the figure was checked. A payment made after the check is already taken off the balance (the ledger's
 * debit), so the old check time alone would date the new figure wrongly (review finding 8): say both.
 */
export function syncedText(account: AccountResponse, nowMs?: number): string {
  const checked = `${cstMomentText(account.syncedAt, nowMs)}核对`
  const after = account.ledger
    .filter((e) => (e.kind === 'debit' || e.kind === 'reversal') && e.createdAt > account.syncedAt)
    .map((e) => e.createdAt)
    .sort()
    .at(-1)
  if (!after) return `以医保平台为准，${checked}`
  return `缴费后余额：${checked}的余额减去${cstMomentText(after, nowMs)}的缴费算出，以医保平台为准`
}

/** Where the relative is insured: the engine's earliest cover for a late payment depends on the province. */
type Where = Pick<Member, 'province' | 'region'>

/** The year's cover if paid today: the engine's answer for the relative, else the province's fixed waiting. */
const coverOf = (row: YearStatus, today: string, where?: Where) =>
  row.item !== 'resident-contribution'
    ? 'in-year'
    : coverIfPaidToday(row.year, today, row.ifPaidToday?.benefitStart, where ?? { province: '' })

/** What a late payment for a year that gives no cover in it still does: the year does not count as a gap. */
const noCoverText = (year: number, likely: boolean) =>
  `现在缴${year}年度：待遇等待期要到${year + 1}年才结束，${year}年内${likely ? '很可能' : ''}已享受不到待遇；` +
  `但${year}年不算断保，以后年度的待遇等待期和大病保险限额不会因${year}年断保受影响`

/** "9月1日" from "2025-09-01": the default period's days, said so a resident knows it is an estimate. */
const monthDayText = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`

export function yearLine(row: YearStatus, today: string, where?: Where): string {
  const item = FAMILY_ITEM_ZH[row.item]
  const head = `${row.year}年度${item}`
  if (row.paidBy === 'family') return `${head}：已由家庭共济缴费`
  if (row.paidBy) return `${head}：已缴费`
  if (row.pendingPaymentId) return `${head}：缴费确认中`
  if (row.amountDueFen === null) return `${head}：${row.amountMessage ?? '缴费标准未公布'}`
  const due = `${head}：未缴，应缴${fenText(row.amountDueFen)}${row.amountIsDemo ? '（试用示例金额，以当地公布为准）' : ''}`
  // An unpublished period is the default (D2): its end is an estimate, and the line says so (finding 1).
  const estimated = row.deadlineIsDefault && row.periodStart
  if (row.deadline >= today) {
    return estimated
      ? `${due}。当地尚未公布集中缴费期，` +
          `按默认的${monthDayText(row.periodStart ?? '')}至${monthDayText(row.deadline)}估计，` +
          `请在${dateText(row.deadline)}前缴纳`
      : `${due}，请在${dateText(row.deadline)}前缴纳`
  }
  const ended = estimated
    ? `当地尚未公布集中缴费期，按默认的${monthDayText(row.periodStart ?? '')}至${monthDayText(row.deadline)}估计，` +
      `已于${dateText(row.deadline)}结束`
    : `集中缴费期已于${dateText(row.deadline)}结束`
  // After the enrollment period a payment still enrolls, but with a waiting period before benefits start; late
  // in the year that period ends after the year does, and the payment buys no cover in it (finding 1).
  const cover = coverOf(row, today, where)
  return cover === 'in-year'
    ? `${due}。${ended}，现在缴费有待遇等待期`
    : `${due}。${ended}。${noCoverText(row.year, cover === 'likely-after-year')}`
}

/**
 * The pay buttons of a relative's unpaid years, in the order shown: a year whose payment today gives no cover
 * in it comes after the year a payment buys, as a secondary action that says what it is for (finding 1).
 */
export function payButtons(member: Member, today: string): { row: YearStatus; label: string; primary: boolean }[] {
  const rows = member.years.map((row) => ({ row, cover: coverOf(row, today, member) }))
  const late = (c: (typeof rows)[number]) => c.cover !== 'in-year'
  return [...rows.filter((r) => !late(r)), ...rows.filter(late)].map(({ row, cover }) =>
    cover === 'in-year'
      ? { row, label: `用个人账户缴${row.year}年度`, primary: true }
      : { row, label: `缴${row.year}年度（只为不算断保）`, primary: false },
  )
}

/** A "pay for this year" button: only an employee payer, for an active relative's unpaid, priced year. */
export const canPay = (account: AccountState, member: Member, row: YearStatus): boolean =>
  account.kind === 'employee' &&
  member.status === 'active' &&
  !row.paidBy &&
  !row.pendingPaymentId &&
  row.amountDueFen !== null

export interface Confirmation {
  title: string
  amount: string
  after: string
  /** when the relative's benefits start if paid now, from the rules engine (the Worker's evaluation) */
  benefit: string
  /** the balance cannot cover it: the confirm button stays off */
  tooLow: boolean
}

export function confirmationOf(member: Member, row: YearStatus, account: AccountResponse): Confirmation {
  const due = row.amountDueFen ?? 0
  const left = account.balanceFen - due
  return {
    title: `为${member.name}缴纳${row.year}年度${FAMILY_ITEM_ZH[row.item]}`,
    amount: `金额：${fenText(due)}`,
    after: left >= 0 ? `缴后余额：${fenText(left)}` : `余额不足：还差${fenText(-left)}`,
    benefit: benefitText(member, row),
    tooLow: left < 0,
  }
}

export function benefitText(member: Member, row: YearStatus): string {
  if (row.item === 'long-term-care') return '长期护理保险的待遇按当地长护险规定执行。'
  const answer = row.ifPaidToday
  if (!answer?.benefitStart) {
    return `${member.name}从哪天起享受待遇，要看其以往的参保记录；${member.name}用自己的微信登录本程序后，首页会显示。`
  }
  if (answer.waitingMonths && answer.waitingMonths > 0) {
    const start = `今天缴费，${member.name}有${answer.waitingMonths}个月待遇等待期，${dateText(answer.benefitStart)}起享受医保待遇`
    return answer.benefitStart > `${row.year}-12-31`
      ? `${start}：${row.year}年内已享受不到待遇，但${row.year}年不算断保。`
      : `${start}。`
  }
  return `今天缴费，${member.name}没有等待期，${dateText(answer.benefitStart)}起享受医保待遇。`
}

/** What a finished payment call tells the payer. */
export function paymentOutcome(payment: Payment): { ok: boolean; text: string } {
  if (payment.status === 'succeeded') return { ok: true, text: '缴费成功' }
  if (payment.status === 'pending')
    return { ok: true, text: '医保平台正在确认这笔缴费，钱已暂时冻结；确认后会显示在这里，不会重复扣款。' }
  return { ok: false, text: payment.failureReason ?? '缴费没有成功，钱已退回您的账户。' }
}

/** The question before a bond ends, and what stops with it. */
export function unbindQuestion(
  side: 'payer' | 'relative',
  name: string,
  status: Member['status'],
): { title: string; content: string; confirmText: string } {
  if (side === 'payer' && status === 'invited') {
    return {
      title: '撤回邀请？',
      content: `撤回后，发给${name}的邀请码立即失效。需要时可以重新邀请。`,
      confirmText: '撤回邀请',
    }
  }
  if (side === 'payer') {
    return {
      title: `解除与${name}的绑定？`,
      content: `解除后，您不能再用个人账户为${name}缴费，也不再收到${name}的缴费提醒。已缴的费用不退回，${name}已有的待遇不受影响。再绑定需要重新邀请并经其同意。`,
      confirmText: '解除绑定',
    }
  }
  return {
    title: `解除与${name}的绑定？`,
    content: `解除后，${name}不能再用其个人账户为您缴费，也看不到您的缴费情况。已缴的费用和您已有的待遇不受影响。`,
    confirmText: '解除绑定',
  }
}

/**
 * A long machine number as a resident can read it out on the phone: its last 8 characters in two groups of 4
 * ("尾号 3F9A-21C4"). A short one stays whole. The full number stays copyable on the receipt.
 */
export function shortReference(no: string): string {
  if (no.length <= 10) return no
  const tail = no.slice(-8).toUpperCase()
  return `尾号 ${tail.slice(0, 4)}-${tail.slice(4)}`
}

/** The receipt; `benefit` is the confirmation's "when benefits start", repeated on the fresh receipt (finding 8). */
export const receiptLines = (payment: Payment, benefit?: string): string[] => {
  const r = payment.receipt
  if (!r) return []
  return [
    `凭证号：${shortReference(r.receiptNo)}`,
    `${r.payerName}为${r.payeeName}（${r.payeeIdNumberMasked}）缴纳${r.year}年度${r.itemZh}`,
    `金额：${fenText(r.amountFen)}`,
    ...(benefit ? [`待遇：${benefit.replace(/^今天缴费，/, '')}`] : []),
    `平台流水号 ${shortReference(r.transferNo).replace(' ', '')} · ${cstDateText(r.completedAt)}`,
  ]
}

export const inviteExpiryText = (member: Member, nowMs?: number) =>
  member.inviteExpiresAt ? `邀请有效期至${cstMomentText(member.inviteExpiresAt, nowMs)}` : ''

/** The accept form's answer to a refused code: the field's own message first, then the API's. */
export const acceptErrorText = (error: ClientError): string => error.issues?.[0]?.message ?? error.message
