import {
  ASSUMPTIONS_ZH,
  GROUP_CHOICES_ZH,
  PROVINCES,
  PROVINCE_CODES,
  SPEC_DECISIONS,
  at,
  backPay,
  coverageYearBoughtOn,
  evaluate,
  resolveParams,
  stayEnrolled,
  type BackPayResult,
  type CapPoint,
  type Evaluation,
  type GroupKind,
  type GroupMembership,
  type HistoryEntry,
  type PolicyInput,
  type PolicyIssue,
  type ProvinceCode,
} from '@canbao/shared/policy'
import { earnedOnlyInput, unfinishedZeroClaimYears } from '@canbao/shared/status/unfinished-year'
import { CLAIM_FUND_FEN, claimAnswerOf, unknownClaimNoteZh, type ClaimAnswer } from '@canbao/shared/texts/claims-zh'
import { capRelation, capText, capValue, type CapFigures } from '../index/status-model'
import type { FigureContext } from '../../lib/figure-context'

/** How the calculator's form describes one past coverage year; the engine's history is derived from it. */
export type YearStatus = 'resident' | 'employee' | 'gap'

export interface YearRow {
  year: number
  status: YearStatus
  /** did the fund reimburse anything that year: the records page's question and answers (shared/texts) */
  fund: ClaimAnswer
  incentiveUsed: boolean
}

export interface CalculatorForm {
  province: ProvinceCode
  /** the pooling region (6 digits) when known from the resident's profile: its published figures apply */
  region?: string
  /** text fields keep exactly what was typed; they are parsed only when evaluating */
  baseCapYuan: string
  stepYuan: string
  contributionYuan: string
  /** the coverage year being enrolled in */
  year: number
  /** the day the payment for `year` is (or would be) made */
  paidOn: string
  /** one row per year from the mechanism's first year to year − 1 */
  rows: YearRow[]
  newborn: boolean
  birthDate: string
  /** a special group this enrollment belongs to (besides newborns), and when the person left the other system */
  group: SpecialGroup | null
  exitedOn: string
  backPaidYears: number[]
  /** the person changed something: a late-arriving saved case must not overwrite it */
  touched?: boolean
}

export type SpecialGroup = Exclude<GroupKind, 'newborn'>

/** The groups a resident can say they belong to; the engine decides per province what each one changes. */
export const SPECIAL_GROUPS: { kind: SpecialGroup; label: string; needsExitDate: boolean }[] = [
  { kind: 'student-first-enrollment', label: GROUP_CHOICES_ZH['student-first-enrollment'], needsExitDate: false },
  { kind: 'veteran-discharged', label: GROUP_CHOICES_ZH['veteran-discharged'], needsExitDate: true },
  { kind: 'left-other-system', label: GROUP_CHOICES_ZH['left-other-system'], needsExitDate: true },
  { kind: 'assistance-funded', label: GROUP_CHOICES_ZH['assistance-funded'], needsExitDate: false },
]

export const FIRST_YEAR = SPEC_DECISIONS.mechanismStartYear
export const PROJECTION_YEARS = 10

export const PROVINCE_OPTIONS = PROVINCE_CODES.map((code) => ({ code, name: PROVINCES[code].nameZh }))

/** Sichuan fixes its base cap province-wide; elsewhere the pooling region does and the user must say it. */
export function provinceFixesBaseCap(province: ProvinceCode, year: number): boolean {
  return at(PROVINCES[province].baseCap, year)?.value.kind === 'province'
}

export function provinceNeedsStep(province: ProvinceCode, year: number): boolean {
  return at(PROVINCES[province].step, year)?.value.kind === 'region'
}

/**
 * The step an empty field stands for, as the engine will take it: the region's published (or demo) figure
 * when the downloaded set has one, else the document's minimum. The field's hint says this same number.
 */
/** The least step the province's document allows a region (Heilongjiang: 不低于1000元), or null where it fixes the step. */
export function stepMinimumYuan(province: ProvinceCode, year: number): number | null {
  const rule = at(PROVINCES[province].step, year)?.value
  return rule?.kind === 'region' ? rule.minimumYuan : null
}

export function stepUsedWhenEmpty(
  province: ProvinceCode,
  year: number,
  figures?: Pick<FigureContext, 'tables' | 'region'>,
): number | null {
  const region = resolveParams(
    province,
    figures?.region ?? undefined,
    year,
    figures?.tables ? { tables: figures.tables } : {},
  ).stepRegion
  return region ? region.value : stepMinimumYuan(province, year)
}

/**
 * The coverage year a payment made today buys (the rules engine decides, with the province's enrollment
 * period): inside the period it is next year's; before it, this year's, paid late.
 */
export function coverageYearFor(today: string, province?: ProvinceCode): number {
  return coverageYearBoughtOn(today, { province })
}

export function rowsFor(year: number, previous: YearRow[] = []): YearRow[] {
  const rows: YearRow[] = []
  for (let y = FIRST_YEAR; y < year; y++) {
    rows.push(
      previous.find((r) => r.year === y) ?? { year: y, status: 'resident', fund: 'unknown', incentiveUsed: false },
    )
  }
  return rows
}

export function defaultForm(today: string): CalculatorForm {
  const year = Math.max(coverageYearFor(today), FIRST_YEAR)
  return {
    province: '51',
    baseCapYuan: '',
    stepYuan: '',
    contributionYuan: '',
    year,
    paidOn: today,
    rows: rowsFor(year),
    newborn: false,
    birthDate: '',
    group: null,
    exitedOn: today,
    backPaidYears: [],
  }
}

export function changeYear(form: CalculatorForm, year: number): CalculatorForm {
  return { ...form, year, rows: rowsFor(year, form.rows), backPaidYears: form.backPaidYears.filter((y) => y < year) }
}

export function setRowStatus(form: CalculatorForm, year: number, status: YearStatus): CalculatorForm {
  return {
    ...form,
    rows: form.rows.map((r) => (r.year === year ? { ...r, status } : r)),
    // A year that is no longer a gap cannot be back-paid.
    backPaidYears: status === 'gap' ? form.backPaidYears : form.backPaidYears.filter((y) => y !== year),
  }
}

/** The incentive can only have been used in a year the fund reimbursed something: other answers clear it. */
export function setRowFund(form: CalculatorForm, year: number, fund: ClaimAnswer): CalculatorForm {
  const rows = form.rows.map((r) =>
    r.year === year ? { ...r, fund, incentiveUsed: fund === 'paid' ? r.incentiveUsed : false } : r,
  )
  return { ...form, rows }
}

export function toggleIncentiveUsed(form: CalculatorForm, year: number): CalculatorForm {
  return { ...form, rows: form.rows.map((r) => (r.year === year ? { ...r, incentiveUsed: !r.incentiveUsed } : r)) }
}

export function toggleBackPaid(form: CalculatorForm, year: number): CalculatorForm {
  const has = form.backPaidYears.includes(year)
  return {
    ...form,
    backPaidYears: has ? form.backPaidYears.filter((y) => y !== year) : [...form.backPaidYears, year].sort(),
  }
}

/** Whole yuan typed by a person → a number, or undefined for blank; bad text stays bad so validation names it. */
function parseYuan(text: string): number | undefined {
  const trimmed = text.trim().replace(/[,，\s]/g, '')
  if (trimmed === '') return undefined
  return Number(trimmed)
}

function yuanToFen(text: string): number | undefined {
  const yuan = parseYuan(text)
  return yuan === undefined ? undefined : Math.round(yuan * 100)
}

function historyOf(form: CalculatorForm): HistoryEntry[] {
  const history: HistoryEntry[] = []
  for (const row of form.rows) {
    if (row.status === 'gap') continue
    if (row.status === 'employee') {
      history.push({ year: row.year, scheme: 'employee' })
      continue
    }
    history.push({
      year: row.year,
      scheme: 'resident',
      // A claim year's exact amount does not matter to the rules, only whether the fund paid anything.
      ...(CLAIM_FUND_FEN[row.fund] === undefined ? {} : { fundPaidFen: CLAIM_FUND_FEN[row.fund] }),
      ...(row.incentiveUsed && row.fund === 'paid' ? { incentiveUsed: true } : {}),
    })
  }
  history.push({ year: form.year, scheme: 'resident', paidOn: form.paidOn })
  return history
}

export function toPolicyInput(form: CalculatorForm): PolicyInput {
  const baseCapYuan = provinceFixesBaseCap(form.province, form.year) ? undefined : parseYuan(form.baseCapYuan)
  const stepYuan = provinceNeedsStep(form.province, form.year) ? parseYuan(form.stepYuan) : undefined
  const contributionFen = yuanToFen(form.contributionYuan)
  return {
    province: form.province,
    ...(form.region?.startsWith(form.province) ? { region: form.region } : {}),
    year: form.year,
    history: historyOf(form),
    ...(baseCapYuan !== undefined ? { baseCapYuan } : {}),
    ...(stepYuan !== undefined ? { stepYuan } : {}),
    ...(contributionFen !== undefined ? { contributionFen } : {}),
    ...(form.backPaidYears.length ? { backPaidYears: form.backPaidYears } : {}),
    ...(form.newborn && form.birthDate ? { birthDate: form.birthDate } : {}),
    ...(groupsOf(form).length ? { groups: groupsOf(form) } : {}),
  }
}

function groupsOf(form: CalculatorForm): GroupMembership[] {
  const groups: GroupMembership[] = []
  if (form.newborn && form.birthDate) groups.push({ kind: 'newborn' })
  const special = SPECIAL_GROUPS.find((g) => g.kind === form.group)
  if (special)
    groups.push({
      kind: special.kind,
      year: form.year,
      ...(special.needsExitDate && form.exitedOn ? { exitedOn: form.exitedOn } : {}),
    })
  return groups
}

export interface CalculatorResult {
  /** the figures already earned: a zero-claim year not over yet counts as a claim year here */
  evaluation: Evaluation
  /** declared zero-claim years not over yet, and the answer if they stay without reimbursement; else null */
  ifNoClaims: { years: number[]; evaluation: Evaluation } | null
  /** what back-paying every still-open year of the gap would change */
  repair: BackPayResult | null
  series: CapPoint[]
}

export type CalculatorOutcome = { ok: true; value: CalculatorResult } | { ok: false; issues: PolicyIssue[] }

/**
 * Everything the calculator shows, computed on the phone with the same engine the server uses. `figures`:
 * the downloaded region figures (lib/figures figureContext), so the answer is the server's for the region.
 */
export function calculate(
  form: CalculatorForm,
  figures?: Pick<FigureContext, 'tables' | 'region'>,
  today?: string,
): CalculatorOutcome {
  const declared: PolicyInput = { ...toPolicyInput(form), ...(figures?.region ? { region: figures.region } : {}) }
  const options = figures?.tables ? { tables: figures.tables } : {}
  // "没有报销过" for a year still running is a condition: the headline is what is earned whatever it brings.
  const pendingYears = today ? unfinishedZeroClaimYears(declared.history, form.year, today) : []
  const input = pendingYears.length ? earnedOnlyInput(declared, pendingYears) : declared
  const evaluated = evaluate(input, options)
  if (!evaluated.ok) return evaluated
  const evaluation = evaluated.value
  const conditional = pendingYears.length ? evaluate(declared, options) : null
  const gapYears = form.rows.filter((r) => r.status === 'gap').map((r) => r.year)
  const openGapYears = gapYears.filter((y) => y >= form.year - evaluation.gapYears && !form.backPaidYears.includes(y))
  const repaired = openGapYears.length ? backPay(input, openGapYears, options) : null
  const projection = stayEnrolled(input, PROJECTION_YEARS, options)
  return {
    ok: true,
    value: {
      evaluation,
      ifNoClaims:
        conditional?.ok && capText(conditional.value) !== capText(evaluation)
          ? { years: pendingYears, evaluation: conditional.value }
          : null,
      repair: repaired?.ok ? repaired.value : null,
      series: projection.ok ? projection.value.series : [],
    },
  }
}

/**
 * The notes under the result, one per assumption. The years answered 不记得 are named, read from the engine's own
 * steps (the runs it could not count), so the note says which answer to change and where.
 */
export function assumptionNotes(evaluation: Evaluation): string[] {
  const unknownYears: number[] = []
  for (const step of evaluation.explanation) {
    if (step.code !== 'ZERO_CLAIM_UNKNOWN') continue
    const { from, to } = step.values
    if (typeof from === 'number' && typeof to === 'number') for (let y = from; y <= to; y++) unknownYears.push(y)
  }
  return evaluation.assumptions.map((a) =>
    a === 'FUND_PAID_UNKNOWN' && unknownYears.length ? unknownClaimNoteZh(unknownYears) : ASSUMPTIONS_ZH[a],
  )
}

/** The conditional cap beside the earned one, in the home card's words. */
export function ifNoClaimsText(year: number, years: readonly number[], cap: CapFigures): string {
  const which = years.join('、')
  // As on the home card: an amount when the base cap is known, otherwise what is known of it, never a formula.
  const relation = capRelation(cap)
  const what = cap.capYuan === null && relation ? relation : `为${capValue(cap)}`
  return `如${which}年全年没有报销，${year}年度限额${what}（${which}年还没有结束，年底才能确定）`
}

/** Gap years of the gap that ends just before the enrollment: the only ones whose back-payment shortens waiting. */
export function repairableGapYears(form: CalculatorForm, evaluation: Evaluation): number[] {
  const years: number[] = []
  for (let y = form.year - evaluation.gapYears; y < form.year; y++) years.push(y)
  return years
}

/**
 * A resident's case as the home screen or the records page shows it, carried into the calculator so that
 * 算一算 opens on the very same years instead of a blank Sichuan form.
 */
export interface CalculatorCase {
  province: string
  region?: string | null
  /** the coverage year being asked about */
  year: number
  history: {
    year: number
    scheme: 'resident' | 'employee'
    paidOn?: string
    fundPaidFen?: number
    incentiveUsed?: boolean
  }[]
  backPaidYears?: number[]
  birthDate?: string | null
}

export function formFromCase(c: CalculatorCase, today: string): CalculatorForm {
  const base = defaultForm(today)
  const province = PROVINCE_CODES.find((p) => p === c.province) ?? base.province
  const year = Math.max(c.year, FIRST_YEAR)
  const byYear = new Map(c.history.map((h) => [h.year, h]))
  const rows = rowsFor(year).map((row): YearRow => {
    const entry = byYear.get(row.year)
    if (!entry) return { ...row, status: 'gap' }
    if (entry.scheme === 'employee') return { ...row, status: 'employee' }
    return {
      year: row.year,
      status: 'resident',
      fund: claimAnswerOf(entry.fundPaidFen),
      incentiveUsed: entry.incentiveUsed === true,
    }
  })
  const gapYears = new Set(rows.filter((r) => r.status === 'gap').map((r) => r.year))
  const asked = byYear.get(year)
  return {
    ...base,
    province,
    ...(c.region ? { region: c.region } : {}),
    year,
    // The asked year's own payment when there is one; otherwise the day the resident would pay: today.
    paidOn: asked?.scheme === 'resident' && asked.paidOn ? asked.paidOn : today,
    rows,
    backPaidYears: (c.backPaidYears ?? []).filter((y) => gapYears.has(y)),
  }
}

/** The coverage year the calculator should open on for a resident with these records. */
export function caseYear(today: string, province?: string): number {
  const code = PROVINCE_CODES.find((p) => p === province)
  return Math.max(coverageYearFor(today, code), FIRST_YEAR)
}

export type FieldKey =
  | 'year'
  | 'paidOn'
  | 'baseCap'
  | 'step'
  | 'contribution'
  | 'birthDate'
  | 'exitedOn'
  | 'rows'
  | 'backPay'
  | 'other'

/**
 * The engine's issues placed beside the input they concern. The form asks for yuan where the engine takes
 * fen, so an amount issue is restated in 元.
 */
export function fieldIssues(
  form: CalculatorForm,
  issues: readonly PolicyIssue[],
  render: (issue: PolicyIssue) => string,
): Partial<Record<FieldKey, string[]>> {
  const out: Partial<Record<FieldKey, string[]>> = {}
  const add = (key: FieldKey, message: string) => {
    out[key] ??= []
    const list = out[key]
    if (!list.includes(message)) list.push(message)
  }
  const askedIndex = historyOf(form).length - 1
  for (const issue of issues) {
    const [head, index, leaf] = issue.path
    if (head === 'contributionFen') add('contribution', '个人缴费标准请填写不小于0的金额（元），例如 400')
    else if (head === 'baseCapYuan') add('baseCap', render({ ...issue, path: [] }))
    else if (head === 'stepYuan') add('step', render({ ...issue, path: [] }))
    else if (head === 'year') add('year', render({ ...issue, path: [] }))
    else if (head === 'birthDate') add('birthDate', render({ ...issue, path: [] }))
    else if (head === 'backPaidYears') add('backPay', render({ ...issue, path: [] }))
    else if (head === 'groups') add(leaf === 'exitedOn' ? 'exitedOn' : 'other', render({ ...issue, path: [] }))
    else if (head === 'history' && index === askedIndex)
      add(leaf === 'year' ? 'year' : 'paidOn', render({ ...issue, path: [] }))
    else if (head === 'history') add('rows', render(issue))
    else add('other', render(issue))
  }
  return out
}
