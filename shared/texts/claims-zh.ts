// The one way the app asks whether the fund reimbursed a year (基金报销, the zero-claim incentive's fact): the
// records page and the calculator ask it in the same words with the same three answers, so a resident never
// meets "奖励额度" on one page and "有过报销" on the other for the same thing.

/** zero: the fund reimbursed nothing that year (零报销); paid: it did; unknown: the resident does not know. */
export type ClaimAnswer = 'zero' | 'paid' | 'unknown'

export const CLAIM_CHOICES_ZH: readonly { readonly answer: ClaimAnswer; readonly label: string }[] = [
  { answer: 'zero', label: '没有报销过' },
  { answer: 'paid', label: '报销过' },
  { answer: 'unknown', label: '不记得' },
]

/** Asked only after "报销过": the one claim that clears the zero-claim incentive (docs/policy.md §3 step 3). */
export const INCENTIVE_USED_ZH = '报销大病保险时用了奖励额度'

/**
 * The question for coverage year `year` on `today` (YYYY-MM-DD, CST), or null for a year not begun; it is asked
 * under the year's own title. The year still running is asked "so far": its answer is known only at its end.
 */
export function claimQuestionZh(year: number, today: string): string | null {
  const current = Number(today.slice(0, 4))
  if (year > current) return null
  return year === current ? '到目前为止，医保基金给您报销过吗' : '这一年医保基金给您报销过吗'
}

/** The engine's fact for an answer: the rules ask only whether the fund paid anything, never how much. */
export const CLAIM_FUND_FEN: Readonly<Record<ClaimAnswer, number | undefined>> = {
  zero: 0,
  paid: 1,
  unknown: undefined,
}

/** The answer a recorded amount gives: absent → unknown. */
export const claimAnswerOf = (fundPaidFen: number | undefined): ClaimAnswer =>
  fundPaidFen === undefined ? 'unknown' : fundPaidFen === 0 ? 'zero' : 'paid'

/**
 * The note under a result when some years were answered "不记得": it names the years and the answer the resident
 * chose, not an amount field that no longer exists (review 7), and how to count them if they were claim-free.
 */
export function unknownClaimNoteZh(years: readonly number[]): string {
  const those = years.length === 1 ? '这一年' : years.length === 2 ? '这两年' : '这些年度'
  return (
    `${years.map((y) => `${y}年`).join('、')}选了“不记得”报销情况，${those}不计零报销激励；` +
    '如确实没有报销过，请改选“没有报销过”'
  )
}
