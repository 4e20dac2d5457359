// Canbao rules engine: the five provinces' basic medical insurance continuity rules (SPEC.md), pure
// TypeScript shared by the mini-program (offline calculator) and the Worker (authoritative answers).

export type {
  AssumptionCode,
  Evaluation,
  ExemptionKind,
  ExplanationStep,
  GroupKind,
  GroupMembership,
  HistoryEntry,
  IssueCode,
  PolicyInput,
  PolicyIssue,
  ProvinceCode,
  EnrollmentWindow,
  Result,
  Scheme,
  ValidPolicyInput,
} from './types'

export { evaluate, evaluatePolicyInput, type EvaluateOptions } from './evaluate'
export { evaluateValid, paramsFor } from './core'
export {
  validatePolicyInput,
  checkTypedPolicyInput,
  PolicyInputSchema,
  GROUP_KINDS,
  MIN_PROGRAMME_YEARS,
  MAX_PROGRAMME_YEARS,
  type ValidateOptions,
} from './validate'
export { paidOnMessageZh, paidOnProblem, type PaidOnFacts, type PaidOnProblem } from './paid-on'
export { enrollOn, backPay, stayEnrolled } from './what-if'
export {
  coverageYearBoughtOn,
  enrollmentPeriodsFor,
  timingOf,
  type CoverageYearWhere,
  type PaymentTiming,
  type YmdWindow,
} from './periods'
export type { BackPayResult, CapPoint, EnrollOnResult, StayEnrolledOptions } from './what-if'

export {
  renderStepZh,
  renderSentenceZh,
  renderIssueZh,
  renderCiteZh,
  renderExplanationZh,
  capOverBase,
  dateZh,
  fenZh,
  pathZh,
  ASSUMPTIONS_ZH,
  LOCAL_AUTHORITY_NOTE_ZH,
  GROUP_CHOICES_ZH,
} from './explain-zh'
export { ISSUE_MESSAGES_ZH } from './issues'
export type { StepCode, GroupReason } from './step-codes'

export { DOCUMENTS, type DocumentId, type PolicyDocument } from './documents'
export {
  DECISION_IDS,
  DECISION_NAMES,
  DECISION_STATEMENTS_ZH,
  SPEC_DECISIONS,
  type DecisionId,
  type DecisionName,
  type DecisionOverrides,
  type Decisions,
  type PeriodBound,
  type PeriodRule,
} from './decisions'
export { PROVINCES, PROVINCE_CODES, isProvinceCode, type ProvinceTable } from './provinces'
export { REGIONS, provinceRegionCode, type RegionData, type RegionFigure, type RegionTable } from './regions'
export { DEFAULT_TABLES, resolveParams, type PolicyTables, type ResolvedParams, type ResolveOptions } from './params'
export { at, type Cited, type Dated } from './dated'
