// Every number and date of SPEC §3–§5 per province, keyed by the coverage year it takes effect, each with the
// clause it comes from. Rule code reads these tables and never writes a policy number itself.

import { since, type Cited, type Dated } from './dated'
import { DECISION_IDS, DECISION_NAMES, SPEC_DECISIONS, type DecisionName, type Decisions } from './decisions'
import type { DocumentId } from './documents'
import type { GroupKind, ProvinceCode } from './types'

export type BaseCapRule = { readonly kind: 'province'; readonly yuan: number } | { readonly kind: 'region' }

export type StepRule =
  | { readonly kind: 'fixed'; readonly yuan: number }
  | { readonly kind: 'percent-of-base'; readonly percent: number }
  /** the pooling region sets it; the document gives only a minimum */
  | { readonly kind: 'region'; readonly minimumYuan: number }

export type LimitRule =
  | { readonly kind: 'fixed'; readonly yuan: number }
  | { readonly kind: 'percent-of-base'; readonly percent: number }

export interface WaitingRule {
  readonly fixedMonths: number
  readonly monthsPerGapYear: number
  /** a gap of this many years or more … */
  readonly floorGapYears: number
  /** … never waits less than this many months in all, repaired or not */
  readonly floorMonths: number
}

export interface NewbornRule {
  /** Shanxi: 出生当年不缴费 */
  readonly freeBirthYear: boolean
}

export interface StudentRule {
  /** coverage runs to 12-31 of Y + this many years */
  readonly extraCoverageYears: number
}

export interface ExitWindowRule {
  readonly kinds: readonly GroupKind[]
  readonly months: number
}

export interface DischargedRule {
  readonly kinds: readonly GroupKind[]
  /** discharged in Y − yearsBefore … Y (当年: 0) */
  readonly yearsBefore: number
  /** without an exit date nobody can tell the year: no exemption */
  readonly exitDateRequired: boolean
}

/** How long a document says it is in force: from its issue (year known, day not) for `years` years. */
export interface ValidityRule {
  readonly issuedYear: number
  readonly years: number
}

export interface SchemeSwitchRule {
  readonly minCoveredYears: number
  readonly windowMonths: number
  /** Heilongjiang: 补缴后不设待遇等待期 — the break has to be back-paid */
  readonly backPayRequired: boolean
}

export interface ConversionRule {
  readonly residentYearsPerEmployeeYear: number
}

export type DecisionTable = { readonly [K in DecisionName]: Dated<Cited<Decisions[K]>> }

export interface ProvinceTable {
  readonly code: ProvinceCode
  readonly nameZh: string
  readonly document: DocumentId
  readonly baseCap: Dated<Cited<BaseCapRule>>
  readonly step: Dated<Cited<StepRule>>
  readonly maxUp: Dated<Cited<LimitRule>>
  readonly maxDown: Dated<Cited<LimitRule>>
  /** full continuous years before the first continuous step */
  readonly continuousAfterYears: Dated<Cited<number>>
  /** zero-claim incentive and its clearing by use (the value is only a marker; the cite matters) */
  readonly zeroClaim: Dated<Cited<true>>
  readonly gapPenalty: Dated<Cited<true>>
  readonly waiting: Dated<Cited<WaitingRule>>
  /** back-payment repairs variable waiting at the contribution standard of the enrolled year */
  readonly repair: Dated<Cited<true>>
  readonly newborn: Dated<Cited<NewbornRule>>
  readonly student: Dated<Cited<StudentRule | null>>
  readonly exitWindow: Dated<Cited<ExitWindowRule | null>>
  readonly discharged: Dated<Cited<DischargedRule | null>>
  readonly assistanceFunded: Dated<Cited<boolean>>
  readonly schemeSwitch: Dated<Cited<SchemeSwitchRule | null>>
  readonly conversion: Dated<Cited<ConversionRule | null>>
  /** Sichuan 000 (一): a university student may pay every year of the programme at once at school */
  readonly studentProgramme: Dated<Cited<boolean>>
  /** the document's own term of validity, where it states one */
  readonly validity: Dated<Cited<ValidityRule | null>>
  readonly decisions: DecisionTable
}

const START = SPEC_DECISIONS.mechanismStartYear

function decisionTable(changes: { readonly [K in DecisionName]?: Cited<Decisions[K]> } = {}): DecisionTable {
  const table: Record<string, Dated<Cited<unknown>>> = {}
  for (const name of DECISION_NAMES) {
    table[name] = { [START]: changes[name] ?? { value: SPEC_DECISIONS[name], cite: DECISION_IDS[name] } }
  }
  return table as DecisionTable
}

// Every document repeats the national guidance's waiting period (固定3个月, 每断保1年加1个月,
// 连续断缴4年及以上修复后不少于6个月) and its 20% limits; each province cites its own clause for them.
const NATIONAL_WAITING: WaitingRule = { fixedMonths: 3, monthsPerGapYear: 1, floorGapYears: 4, floorMonths: 6 }
const TWENTY_PERCENT: LimitRule = { kind: 'percent-of-base', percent: 20 }
/** a rule the province's document does not have */
const NONE = since(START, null, '')

type Own = Pick<ProvinceTable, 'step'> & Partial<ProvinceTable>

/** The rules every document shares, cited to the province's own clauses, with what the province adds. */
function province(
  code: ProvinceCode,
  nameZh: string,
  document: DocumentId,
  capClause: string,
  waitingClause: string,
  own: Own,
): ProvinceTable {
  return {
    code,
    nameZh,
    document,
    baseCap: since(START, { kind: 'region' }, capClause),
    maxUp: since(START, TWENTY_PERCENT, capClause),
    maxDown: since(START, TWENTY_PERCENT, capClause),
    continuousAfterYears: since(START, 4, capClause),
    zeroClaim: since(START, true, capClause),
    gapPenalty: since(START, true, capClause),
    waiting: since(START, NATIONAL_WAITING, waitingClause),
    repair: since(START, true, waitingClause),
    newborn: since(START, { freeBirthYear: false }, waitingClause),
    student: NONE,
    exitWindow: NONE,
    discharged: NONE,
    assistanceFunded: since(START, false, ''),
    schemeSwitch: NONE,
    conversion: NONE,
    studentProgramme: since(START, false, ''),
    validity: NONE,
    decisions: decisionTable(),
    ...own,
  }
}

const SICHUAN = province('51', '四川省', '000', '000 (三)', '000 (三)', {
  // 全省城乡居民大病保险年度封顶线统一设置为30万元
  baseCap: since(START, { kind: 'province', yuan: 300_000 }, '000 (三)'),
  step: since(START, { kind: 'fixed', yuan: 4_000 }, '000 (三)'),
  newborn: since(START, { freeBirthYear: false }, '000 (一); 000 (三)'),
  // 高校学生…可在学校一次性缴纳整个学制期间的居民医保费，学制期间缴费标准调整的不再补缴
  studentProgramme: since(START, true, '000 (一)'),
})

const SHANXI = province('14', '山西省', '001', '001 (二)', '001 (二)', {
  step: since(START, { kind: 'fixed', yuan: 3_000 }, '001 (二)'),
  maxUp: since(START, { kind: 'fixed', yuan: 80_000 }, '001 (二)'),
  maxDown: since(START, { kind: 'fixed', yuan: 80_000 }, '001 (二)'),
  newborn: since(START, { freeBirthYear: true }, '001 (四)'),
  student: since(START, { extraCoverageYears: 1 }, '001 (三)'),
  exitWindow: since(START, { kinds: ['veteran-discharged', 'left-other-system'], months: 3 }, '001 (四)'),
  schemeSwitch: since(START, { minCoveredYears: 2, windowMonths: 3, backPayRequired: false }, '001 (四)'),
  conversion: since(START, { residentYearsPerEmployeeYear: 5 }, '001 (二)'),
  // 本通知自印发之日起实施，有效期5年 (the document's last line; issued in 2025, day not shown)
  validity: since(START, { issuedYear: 2025, years: 5 }, '001 末段'),
  decisions: decisionTable({ newbornNextYearNeverLate: { value: true, cite: '001 (四); D16' } }),
})

const HEILONGJIANG = province('23', '黑龙江省', '002', '002 (三)', '002 (三)', {
  step: since(START, { kind: 'region', minimumYuan: 1_000 }, '002 (三)'),
  // 当年退出现役军人: discharged in the coverage year itself, on or before the payment (SPEC §5)
  discharged: since(START, { kinds: ['veteran-discharged'], yearsBefore: 0, exitDateRequired: true }, '002 (三)'),
  assistanceFunded: since(START, true, '002 (三)'),
  schemeSwitch: since(START, { minCoveredYears: 2, windowMonths: 3, backPayRequired: true }, '002 (三)'),
  // 每断保1年，降低1次: the same region step as the increase
  decisions: decisionTable({ gapStepYuan: { value: null, cite: '002 (三); D15' } }),
})

const GUIZHOU = province('52', '贵州省', '003', '003 §二', '003 §三', {
  step: since(START, { kind: 'percent-of-base', percent: 2 }, '003 §二'),
  // 003 gives the penalty no limit: D7 takes the incentive's 20%.
  maxDown: since(START, TWENTY_PERCENT, 'D7'),
  decisions: decisionTable({ penaltyPerReenrollment: { value: true, cite: '003 §二; D7' } }),
})

const JIANGXI = province('36', '江西省', '004', '004 (四)', '004 (四)', {
  step: since(START, { kind: 'fixed', yuan: 3_000 }, '004 (四)'),
  // 前期积累的连续参保激励额度予以保留
  decisions: decisionTable({ keepContinuousStepsAfterGap: { value: true, cite: '004 (四); D4' } }),
})

export const PROVINCES: Readonly<Record<ProvinceCode, ProvinceTable>> = {
  '51': SICHUAN,
  '14': SHANXI,
  '23': HEILONGJIANG,
  '52': GUIZHOU,
  '36': JIANGXI,
}

export const PROVINCE_CODES = Object.keys(PROVINCES) as ProvinceCode[]

export const isProvinceCode = (code: unknown): code is ProvinceCode =>
  typeof code === 'string' && Object.prototype.hasOwnProperty.call(PROVINCES, code)
