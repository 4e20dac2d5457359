// Public types of the rules engine. Field names follow ../../../shared/policy/cases/README.md
// so that an Evaluation can be compared key by key with a case's `expect`.

export type ProvinceCode = '51' | '14' | '23' | '52' | '36'

export type Scheme = 'resident' | 'employee'

export interface HistoryEntry {
  year: number
  scheme: Scheme
  /** YYYY-MM-DD, China Standard Time */
  paidOn?: string
  /** what the pooled fund paid for this person in this year; 0 = a zero-claim year, absent = unknown */
  fundPaidFen?: number
  /** a critical-illness reimbursement used the incentive amount this year (clears zero-claim steps) */
  incentiveUsed?: boolean
  /** employee scheme: the day employee coverage ended */
  endedOn?: string
  /**
   * Sichuan 000 (一): a student's whole-programme payment made at school. This entry's payment covers
   * `year` … `year + programmeYears − 1`, each year covered and on time (absent = 1 year).
   */
  programmeYears?: number
}

/** One window of an enrollment period (集中参保期), `YYYY-MM-DD` to `YYYY-MM-DD`, both days included. */
export interface EnrollmentWindow {
  start: string
  end: string
}

export type GroupKind =
  | 'newborn'
  | 'student-first-enrollment'
  | 'veteran-discharged'
  | 'left-other-system'
  | 'assistance-funded'

export interface GroupMembership {
  kind: GroupKind
  /** the day the person left the army / the other system */
  exitedOn?: string
  /** the coverage year of the enrollment this membership exempts; absent → the evaluated year */
  year?: number
}

export interface PolicyInput {
  province: ProvinceCode | string
  /** GB/T 2260 pooling-region code, e.g. 140500 */
  region?: string
  baseCapYuan?: number
  stepYuan?: number
  year: number
  birthDate?: string
  groups?: GroupMembership[]
  /** the individual contribution standard of `year`, in fen */
  contributionFen?: number
  backPaidYears?: number[]
  history: HistoryEntry[]
  /** the enrollment period for `year` when the region has published one (a single window) */
  enrollmentPeriod?: EnrollmentWindow
  /**
   * the enrollment period for `year` as one or more windows (a region with an extension); takes the place of
   * `enrollmentPeriod`. On time inside any window, late after the last one's end, refused before the first
   * opens (SPEC §5 exemptions aside). Neither given → the region's published period, else D2.
   */
  enrollmentPeriods?: EnrollmentWindow[]
}

/** A validated input whose province is known. */
export type ValidPolicyInput = PolicyInput & { province: ProvinceCode }

export type ExemptionKind = GroupKind | 'scheme-switch'

export interface ExplanationStep {
  code: string
  values: Record<string, number | string>
  /** clause ids like `000 (三)` or decision ids like `D7`, several joined by '; ' */
  cite: string
}

export type AssumptionCode =
  | 'BASE_CAP_UNPUBLISHED'
  | 'STEP_IS_DOCUMENT_MINIMUM'
  | 'CONTRIBUTION_UNPUBLISHED'
  | 'CONTRIBUTION_SUBSIDISED'
  /** the contribution standard is demo data or not yet checked against its source: it touches the cost only */
  | 'CONTRIBUTION_UNVERIFIED'
  | 'ENROLLMENT_PERIOD_DEFAULT'
  | 'PAID_ON_UNKNOWN'
  | 'FUND_PAID_UNKNOWN'
  | 'REGION_NOT_IN_TABLE'
  | 'SWITCH_REQUIRES_BACK_PAY'
  | 'DECISION_OVERRIDDEN'
  | 'REGION_FIGURE_UNVERIFIED'
  | 'RULES_ASSUMED_CONTINUING'
  /** a projected year's base cap or step is not published: the latest earlier year's figure stands in */
  | 'FIGURE_CARRIED_FORWARD'

export interface Evaluation {
  province: ProvinceCode
  year: number
  covered: boolean
  capYuan: number | null
  capFen: number | null
  baseCapYuan: number | null
  baseCapFen: number | null
  stepYuan: number | null
  stepFen: number | null
  incentiveYuan: number | null
  incentiveFen: number | null
  gapPenaltyYuan: number | null
  gapPenaltyFen: number | null
  continuousSteps: number
  zeroClaimSteps: number
  penaltySteps: number
  /** length of the gap that ends at year − 1 */
  gapYears: number
  waitingMonths: number | null
  fixedWaitingMonths: number | null
  variableWaitingMonths: number | null
  late: boolean
  benefitStart: string | null
  coverageEnd: string | null
  exemption: ExemptionKind | null
  repairCostFen: number | null
  contributionDueFen: number | null
  convertedEmployeeYears: number | null
  assumptions: AssumptionCode[]
  explanation: ExplanationStep[]
}

export type IssueCode =
  | 'UNKNOWN_PROVINCE'
  | 'UNKNOWN_REGION'
  | 'INVALID_DATE'
  | 'INVALID_PERIOD'
  | 'PAID_AFTER_YEAR_END'
  | 'DUPLICATE_YEAR'
  | 'DUPLICATE_BACK_PAID_YEAR'
  | 'IMPOSSIBLE_YEAR'
  | 'BACK_PAID_NOT_GAP'
  | 'INVALID_FEN'
  | 'INVALID_AMOUNT'
  | 'ENDED_OUTSIDE_YEAR'
  | 'UNKNOWN_GROUP'
  | 'INVALID_SCHEME'
  | 'INVALID_VALUE'
  | 'MISSING_FIELD'
  // issue 14: impossible inputs (SPEC §5)
  | 'PAID_IN_FUTURE'
  | 'PAID_BEFORE_BIRTH'
  | 'PAID_BEFORE_PERIOD'
  | 'EXIT_AFTER_PAYMENT'
  | 'RESIDENT_FIELD_ON_EMPLOYEE'
  | 'INCENTIVE_USED_ZERO_CLAIM'
  | 'BASE_CAP_TOO_LOW'
  | 'SWITCH_ORDER'
  | 'PROGRAMME_NOT_IN_PROVINCE'

export interface PolicyIssue {
  code: IssueCode
  /** where in the input, e.g. ['history', 2, 'paidOn'] */
  path: (string | number)[]
  /** Chinese text for a resident */
  message: string
}

export type Result<T> = { ok: true; value: T } | { ok: false; issues: PolicyIssue[] }
