// SPEC §7: where the documents are silent the SPEC decides, and each decision is a named parameter that a
// province table, a region or a caller (options.overrides) can change. The defaults here are the SPEC's.

export type DecisionId =
  | 'D1'
  | 'D2'
  | 'D3'
  | 'D4'
  | 'D5'
  | 'D6'
  | 'D7'
  | 'D8'
  | 'D9'
  | 'D10'
  | 'D11'
  | 'D12'
  | 'D13'
  | 'D14'
  | 'D15'
  | 'D16'
  | 'D17'

/** A day of a coverage year's enrollment period, relative to the coverage year Y. */
export interface PeriodBound {
  readonly yearOffset: number
  readonly month: number
  readonly day: number
}

export interface PeriodRule {
  readonly start: PeriodBound
  readonly end: PeriodBound
}

export interface Decisions {
  /** D1: first coverage year that counts for continuity, gaps and waiting */
  readonly mechanismStartYear: number
  /** D2: enrollment period for coverage year Y until a region publishes one */
  readonly enrollmentPeriod: PeriodRule
  /** D3: true → an employee-covered year counts as a gap year */
  readonly employeeYearIsGap: boolean
  /** D4: true → continuous steps earned before a gap are kept (Jiangxi) */
  readonly keepContinuousStepsAfterGap: boolean
  /** D5: false → a gap also clears the zero-claim steps earned before it */
  readonly zeroClaimSurvivesGap: boolean
  /** D6: false → only the gap that ends at Y−1 lowers the cap */
  readonly gapPenaltyPersists: boolean
  /** D7: true → one step per re-enrollment after a gap, whatever its length (Guizhou) */
  readonly penaltyPerReenrollment: boolean
  /** D8: true → the birth year itself can be a gap year (years before birth never are) */
  readonly birthYearCanBeGap: boolean
  /** D9: the contribution standard a back-paid year costs */
  readonly backPayStandard: 'enrolled-year' | 'gap-year'
  /** D10: false → the first gap year adds no variable month */
  readonly oneYearGapAddsMonth: boolean
  /** D11: true → back-paid years count as covered for continuity and the penalty */
  readonly backPayRestoresContinuity: boolean
  /** D12: days after birth within which a newborn's registration is exempt */
  readonly newbornWindowDays: number
  /** D13: rounding of Shanxi's 5:1 resident-to-employee conversion */
  readonly conversionRounding: 'floor' | 'round'
  /** D14: true → years before D1's start count where a rule asks whether someone was insured (5:1, switch test) */
  readonly insuredBeforeMechanismCounts: boolean
  /**
   * D15: the amount a gap year lowers the cap by; null → the same step as the incentive (Heilongjiang's region step)
   */
  readonly gapStepYuan: number | null
  /** D16: true → a newborn's payment for the year after birth within D12's window is never late (Shanxi) */
  readonly newbornNextYearNeverLate: boolean
  /** D17: true → a student's 次年 is the year after the payment date; false → after the coverage year named */
  readonly studentNextYearFromPayment: boolean
}

export type DecisionName = keyof Decisions

export type DecisionOverrides = { readonly [K in DecisionName]?: Decisions[K] }

export const DECISION_IDS: Readonly<Record<DecisionName, DecisionId>> = {
  mechanismStartYear: 'D1',
  enrollmentPeriod: 'D2',
  employeeYearIsGap: 'D3',
  keepContinuousStepsAfterGap: 'D4',
  zeroClaimSurvivesGap: 'D5',
  gapPenaltyPersists: 'D6',
  penaltyPerReenrollment: 'D7',
  birthYearCanBeGap: 'D8',
  backPayStandard: 'D9',
  oneYearGapAddsMonth: 'D10',
  backPayRestoresContinuity: 'D11',
  newbornWindowDays: 'D12',
  conversionRounding: 'D13',
  insuredBeforeMechanismCounts: 'D14',
  gapStepYuan: 'D15',
  newbornNextYearNeverLate: 'D16',
  studentNextYearFromPayment: 'D17',
}

export const DECISION_NAMES = Object.keys(DECISION_IDS) as DecisionName[]

export const SPEC_DECISIONS: Decisions = {
  mechanismStartYear: 2025,
  enrollmentPeriod: { start: { yearOffset: -1, month: 9, day: 1 }, end: { yearOffset: -1, month: 12, day: 31 } },
  employeeYearIsGap: false,
  keepContinuousStepsAfterGap: false,
  zeroClaimSurvivesGap: true,
  gapPenaltyPersists: true,
  penaltyPerReenrollment: false,
  birthYearCanBeGap: false,
  backPayStandard: 'enrolled-year',
  oneYearGapAddsMonth: true,
  backPayRestoresContinuity: false,
  newbornWindowDays: 90,
  conversionRounding: 'floor',
  insuredBeforeMechanismCounts: true,
  gapStepYuan: null,
  // Shanxi's table turns it on (001 (四)); the other documents have no such sentence.
  newbornNextYearNeverLate: false,
  studentNextYearFromPayment: true,
}

/** One line each, shown after 本助手的算法（文件未写明）: the SPEC's default reading. */
export const DECISION_STATEMENTS_ZH: Readonly<Record<DecisionId, string>> = {
  D1: '连续参保年数和断保年数均自2025年度起计算',
  D2: '集中参保期默认为上一年9月1日至12月31日，以当地公布为准',
  D3: '只有参加居民医保的年度计入连续参保，参加职工医保的年度不算断保',
  D4: '断保后此前的连续参保激励不再保留（江西省文件明确保留的除外）',
  D5: '零报销激励只在使用奖励额度后清零，断保不清零',
  D6: '每断保1年降低一档，累计计算并在以后年度持续有效',
  D7: '贵州省每次断保后再参保降低一档（原封顶线的2%），累计不超过原封顶线的20%',
  D8: '出生当年及以前的年度不算断保',
  D9: '补缴按参保当年的个人缴费标准计算',
  D10: '断保1年即增加1个月变动待遇等待期',
  D11: '补缴只缩短变动待遇等待期，不恢复连续参保，也不取消降低的额度',
  D12: '出生后90天内参保的新生儿不设待遇等待期，五省均按此执行',
  D13: '山西省每5年居民医保折算为1年职工医保缴费年限，不足5年的部分不计',
  D14: '2025年以前的参保年度在判断“是否参保”时计入：山西省5:1折算的实际缴费年限，以及“连续2年以上参加基本医保”的判断',
  D15: '黑龙江省每断保1年降低的额度与统筹地区每次提高的额度相同',
  D16: '山西省新生儿出生后90天内为出生次年参保缴费的，不受集中参保期限制，不算逾期',
  D17: '山西省新入学学生的“次年”从缴费之日所在年度算起',
}
