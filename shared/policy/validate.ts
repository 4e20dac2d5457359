// The shared input schema (valibot) plus the checks that relate fields to each other. Every issue is
// collected; nothing throws. A leaf schema's message is its issue code, turned into Chinese by issue().

import * as v from 'valibot'
import { isDateString, parseDate, yearOf } from './dates'
import type { DecisionOverrides } from './decisions'
import { issue, isIssueCode } from './issues'
import { paidOnProblemYmd } from './paid-on'
import { resolveParams, type PolicyTables } from './params'
import type { YmdWindow } from './periods'
import { PROVINCE_CODES, isProvinceCode } from './provinces'
import type { GroupKind, IssueCode, PolicyInput, PolicyIssue, Result } from './types'

export const GROUP_KINDS: readonly GroupKind[] = [
  'newborn',
  'student-first-enrollment',
  'veteran-discharged',
  'left-other-system',
  'assistance-funded',
]

export const MIN_YEAR = 1900
export const MAX_YEAR = 2100

// Each leaf checks with one predicate: fewer valibot actions keep the mini-program bundle small.
const isWhole = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max
const year = v.pipe(v.number('IMPOSSIBLE_YEAR'), v.check(isWhole(MIN_YEAR, MAX_YEAR), 'IMPOSSIBLE_YEAR'))
const date = v.pipe(v.string('INVALID_DATE'), v.check(isDateString, 'INVALID_DATE'))
const fen = v.pipe(v.number('INVALID_FEN'), v.check(isWhole(0, Number.MAX_SAFE_INTEGER), 'INVALID_FEN'))
const yuan = v.pipe(v.number('INVALID_AMOUNT'), v.check(isWhole(1, Number.MAX_SAFE_INTEGER), 'INVALID_AMOUNT'))
const regionCode = v.pipe(
  v.string('UNKNOWN_REGION'),
  v.check((s) => /^\d{6}$/.test(s), 'UNKNOWN_REGION'),
)

/** Sichuan's whole-programme payment: a programme of 1 to 20 years (a bound on input, not a policy figure) */
export const MIN_PROGRAMME_YEARS = 1
export const MAX_PROGRAMME_YEARS = 20
const isProgrammeLength = isWhole(MIN_PROGRAMME_YEARS, MAX_PROGRAMME_YEARS)
const RESIDENT_ONLY_FIELDS = ['paidOn', 'fundPaidFen', 'incentiveUsed', 'programmeYears'] as const

const window = v.object({ start: date, end: date }, 'INVALID_VALUE')

const historyEntry = v.object(
  {
    year,
    scheme: v.picklist(['resident', 'employee'], 'INVALID_SCHEME'),
    paidOn: v.optional(date),
    fundPaidFen: v.optional(fen),
    incentiveUsed: v.optional(v.boolean('INVALID_VALUE')),
    endedOn: v.optional(date),
    programmeYears: v.optional(v.pipe(v.number('INVALID_VALUE'), v.check(isProgrammeLength, 'INVALID_VALUE'))),
  },
  'INVALID_VALUE',
)

const group = v.object(
  { kind: v.picklist(GROUP_KINDS, 'UNKNOWN_GROUP'), exitedOn: v.optional(date), year: v.optional(year) },
  'INVALID_VALUE',
)

export const PolicyInputSchema = v.object(
  {
    province: v.picklist(PROVINCE_CODES, 'UNKNOWN_PROVINCE'),
    region: v.optional(regionCode),
    baseCapYuan: v.optional(yuan),
    stepYuan: v.optional(yuan),
    year,
    birthDate: v.optional(date),
    groups: v.optional(v.array(group, 'INVALID_VALUE')),
    contributionFen: v.optional(fen),
    backPaidYears: v.optional(v.array(year, 'INVALID_VALUE')),
    history: v.array(historyEntry, 'INVALID_VALUE'),
    enrollmentPeriod: v.optional(window),
    enrollmentPeriods: v.optional(v.array(window, 'INVALID_VALUE')),
  },
  'INVALID_VALUE',
)

export interface ValidateOptions {
  readonly overrides?: DecisionOverrides
  readonly tables?: PolicyTables
  /** CST today: a payment after it is refused (PAID_IN_FUTURE); absent → not checked */
  readonly today?: string
}

export function validatePolicyInput(raw: unknown, options: ValidateOptions = {}): Result<PolicyInput> {
  const parsed = v.safeParse(PolicyInputSchema, raw)
  const issues: PolicyIssue[] = parsed.success ? [] : parsed.issues.map(fromValibot)
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    crossFieldIssues(raw as Loose, options, issues)
  }
  if (issues.length > 0 || !parsed.success) return { ok: false, issues: dedupe(issues) }
  return { ok: true, value: normalized(parsed.output as PolicyInput) }
}

/**
 * The typed entry's check (evaluatePolicyInput): for an input whose shape TypeScript and the caller's own
 * schema already guarantee (the Worker builds it from validated rows), only the checks that relate fields to
 * each other and to the rules — the impossible inputs of SPEC §5 — without running the valibot schema again.
 */
export function checkTypedPolicyInput(input: PolicyInput, options: ValidateOptions = {}): Result<PolicyInput> {
  const issues: PolicyIssue[] = []
  if (!isProvinceCode(input.province)) issues.push(issue('UNKNOWN_PROVINCE', ['province']))
  crossFieldIssues(input as unknown as Loose, options, issues)
  if (issues.length > 0) return { ok: false, issues: dedupe(issues) }
  return { ok: true, value: normalized({ ...input }) }
}

function normalized(value: PolicyInput): PolicyInput {
  // One object shape for every history entry keeps the core's reads monomorphic (absent → undefined).
  value.history = value.history.map((e) => ({
    year: e.year,
    scheme: e.scheme,
    paidOn: e.paidOn,
    fundPaidFen: e.fundPaidFen,
    incentiveUsed: e.incentiveUsed,
    endedOn: e.endedOn,
    programmeYears: e.programmeYears,
  }))
  return value
}

function fromValibot(found: v.BaseIssue<unknown>): PolicyIssue {
  const path = (found.path ?? []).map((item) => item.key as string | number)
  const last = found.path?.[found.path.length - 1]
  const missing =
    (last?.origin === 'key' && found.kind === 'schema') || (found.kind === 'schema' && found.input === undefined)
  const code: IssueCode = missing ? 'MISSING_FIELD' : isIssueCode(found.message) ? found.message : 'INVALID_VALUE'
  return issue(code, path)
}

function dedupe(issues: PolicyIssue[]): PolicyIssue[] {
  const seen = new Set<string>()
  return issues.filter((i) => {
    const key = i.code + '|' + i.path.join('.')
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

// The cross-field checks read the raw input defensively, so that they report alongside the schema's issues
// instead of waiting for a second submission.
type Loose = Record<string, unknown>

const isYearNumber = isWhole(MIN_YEAR, MAX_YEAR)
const isYear = (x: unknown): x is number => typeof x === 'number' && isYearNumber(x)
const isDate = (x: unknown): x is string => typeof x === 'string' && isDateString(x)
const isObject = (x: unknown): x is Loose => typeof x === 'object' && x !== null && !Array.isArray(x)
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : [])

function windowsOfRaw(raw: Loose): YmdWindow[] | null {
  const many = list(raw.enrollmentPeriods).filter((w): w is Loose => isObject(w) && isDate(w.start) && isDate(w.end))
  const one =
    isObject(raw.enrollmentPeriod) && isDate(raw.enrollmentPeriod.start) && isDate(raw.enrollmentPeriod.end)
      ? [raw.enrollmentPeriod]
      : []
  const windows = many.length > 0 ? many : one
  if (windows.length === 0) return null
  return windows.map((w) => ({ start: parseDate(w.start as string), end: parseDate(w.end as string) }))
}

function crossFieldIssues(raw: Loose, options: ValidateOptions, issues: PolicyIssue[]): void {
  const province = isProvinceCode(raw.province) ? raw.province : null
  const y = isYear(raw.year) ? raw.year : null
  const region = typeof raw.region === 'string' && /^\d{6}$/.test(raw.region) ? raw.region : undefined
  if (province !== null && region !== undefined && !region.startsWith(province)) {
    issues.push(issue('UNKNOWN_REGION', ['region']))
  }
  const params = province !== null && y !== null ? resolveParams(province, region, y, options) : null
  const d = params?.decisions
  const birthDate = isDate(raw.birthDate) ? parseDate(raw.birthDate) : null
  const birthYear = birthDate === null ? null : yearOf(birthDate)

  if (y !== null && birthYear !== null && y < birthYear) issues.push(issue('IMPOSSIBLE_YEAR', ['year']))

  const step = raw.stepYuan
  if (params !== null && typeof step === 'number' && params.step.kind === 'region' && step < params.step.minimumYuan) {
    issues.push(issue('INVALID_AMOUNT', ['stepYuan']))
  }

  // SPEC §3.6: a base cap not above the absolute penalty limit (Shanxi's 80,000) is impossible
  const base = raw.baseCapYuan
  if (
    params !== null &&
    typeof base === 'number' &&
    !params.baseCapFixed &&
    params.maxDown.kind === 'fixed' &&
    base <= params.maxDown.yuan
  ) {
    issues.push(issue('BASE_CAP_TOO_LOW', ['baseCapYuan']))
  }

  const period = raw.enrollmentPeriod
  if (isObject(period) && isDate(period.start) && isDate(period.end) && period.start > period.end) {
    issues.push(issue('INVALID_PERIOD', ['enrollmentPeriod']))
  }
  list(raw.enrollmentPeriods).forEach((w, i) => {
    if (isObject(w) && isDate(w.start) && isDate(w.end) && w.start > w.end)
      issues.push(issue('INVALID_PERIOD', ['enrollmentPeriods', i]))
  })

  const history = list(raw.history)
  const years = beginYearScratch()
  const ownWindows = windowsOfRaw(raw)
  const today = options.today !== undefined && isDateString(options.today) ? parseDate(options.today) : null
  for (let i = 0; i < history.length; i++) {
    const entry = history[i]
    if (!isObject(entry) || !isYear(entry.year)) continue
    const entryYear = entry.year
    const resident = entry.scheme === 'resident'
    const employee = entry.scheme === 'employee'
    const sameScheme = resident ? years.residentAt : employee ? years.employeeAt : null
    const span = resident && isProgrammeLength(entry.programmeYears as number) ? (entry.programmeYears as number) : 1
    for (let k = 0; k < span; k++) {
      const at = years.slot(entryYear + k)
      if ((sameScheme !== null && (sameScheme[at] as number) >= 0) || (k > 0 && years.covered[at] !== NOT_COVERED))
        issues.push(issue('DUPLICATE_YEAR', ['history', i, 'year']))
      else if (sameScheme !== null) {
        sameScheme[at] = i
        if (resident) years.residentOrder.push(entryYear + k)
      }
      if (resident) years.covered[at] = COVERED_RESIDENT
      else if (years.covered[at] === NOT_COVERED) years.covered[at] = COVERED_OTHER
    }
    if (birthYear !== null && entryYear < birthYear) issues.push(issue('IMPOSSIBLE_YEAR', ['history', i, 'year']))
    if (employee) {
      // Only a resident year has a payment date, a fund payment, an incentive or a programme (SPEC §5).
      for (const field of RESIDENT_ONLY_FIELDS) {
        if (entry[field] !== undefined) issues.push(issue('RESIDENT_FIELD_ON_EMPLOYEE', ['history', i, field]))
      }
    }
    if (entry.incentiveUsed === true && entry.fundPaidFen === 0)
      issues.push(issue('INCENTIVE_USED_ZERO_CLAIM', ['history', i, 'incentiveUsed']))
    if (span > 1 && params !== null && !params.studentProgramme.value)
      issues.push(issue('PROGRAMME_NOT_IN_PROVINCE', ['history', i, 'programmeYears']))
    if (resident && isDate(entry.paidOn) && province !== null && d !== undefined) {
      const rules = {
        birth: birthDate,
        today,
        windows:
          entryYear === y && ownWindows !== null
            ? ownWindows
            : resolveParams(province, region, entryYear, options).periods,
        newbornWindowDays: d.newbornWindowDays,
        newbornNextYearNeverLate: d.newbornNextYearNeverLate,
        wholeProgramme: span > 1 && params !== null && params.studentProgramme.value,
      }
      const problem = paidOnProblemYmd(entryYear, parseDate(entry.paidOn), rules)
      if (problem !== null) issues.push(issue(problem, ['history', i, 'paidOn']))
    }
    if (isDate(entry.endedOn) && yearOf(parseDate(entry.endedOn)) !== entryYear) {
      issues.push(issue('ENDED_OUTSIDE_YEAR', ['history', i, 'endedOn']))
    }
  }
  // A year with both: the employee part must have ended, and the resident part be paid after it.
  for (const year of years.residentOrder) {
    const at = years.slot(year)
    const e = years.employeeAt[at] as number
    if (e < 0) continue
    const r = years.residentAt[at] as number
    const emp = history[e] as Loose
    const res = history[r] as Loose
    const ended = isDate(emp.endedOn) ? emp.endedOn : null
    if (ended === null || (isDate(res.paidOn) && res.paidOn <= ended))
      issues.push(issue('SWITCH_ORDER', ['history', Math.max(r, e), 'year']))
  }

  const groups = list(raw.groups)
  groups.forEach((g, i) => {
    if (!isObject(g)) return
    if (g.kind === 'newborn' && raw.birthDate === undefined) issues.push(issue('MISSING_FIELD', ['birthDate']))
    if (isYear(g.year) && birthYear !== null && g.year < birthYear)
      issues.push(issue('IMPOSSIBLE_YEAR', ['groups', i, 'year']))
    // An exit can only lead to an enrollment paid after it (SPEC §5), so never in a later year.
    const exempted = isYear(g.year) ? g.year : y
    if (isDate(g.exitedOn) && exempted !== null) {
      const exitedOn = g.exitedOn
      const r = years.residentAt[years.slot(exempted)] as number
      const entry = r >= 0 ? (history[r] as Loose) : null
      const paidBefore = entry !== null && isDate(entry.paidOn) && entry.paidOn < exitedOn
      if (paidBefore || yearOf(parseDate(exitedOn)) > exempted)
        issues.push(issue('EXIT_AFTER_PAYMENT', ['groups', i, 'exitedOn']))
    }
  })

  const seen = new Set<number>()
  list(raw.backPaidYears).forEach((gapYear, i) => {
    if (!isYear(gapYear)) return
    if (seen.has(gapYear)) {
      issues.push(issue('DUPLICATE_BACK_PAID_YEAR', ['backPaidYears', i]))
      return
    }
    seen.add(gapYear)
    if (y === null || d === undefined) return
    const scheme = years.covered[years.slot(gapYear)]
    const coveredThatYear = scheme === COVERED_RESIDENT || (scheme === COVERED_OTHER && !d.employeeYearIsGap)
    const beforeBirth = birthYear !== null && (d.birthYearCanBeGap ? gapYear < birthYear : gapYear <= birthYear)
    if (gapYear >= y || gapYear < d.mechanismStartYear || coveredThatYear || beforeBirth) {
      issues.push(issue('BACK_PAID_NOT_GAP', ['backPaidYears', i]))
    }
  })
}

// What the cross-field checks know per calendar year (MIN_YEAR … MAX_YEAR plus a whole programme's later
// years): the resident and the employee entry's index (−1: none) and whether the year is covered. Plain
// arrays reused by every call (the checks are synchronous and never nested) instead of three Maps built per
// request: a slot counts only when it was written in the current call (its stamp is the call's number).
const NOT_COVERED = 0
const COVERED_RESIDENT = 1
/** an employee entry (or, on raw input, another scheme) */
const COVERED_OTHER = 2
const YEAR_SLOTS = MAX_YEAR - MIN_YEAR + 1 + 20

interface YearScratch {
  readonly residentAt: Int32Array
  readonly employeeAt: Int32Array
  readonly covered: Uint8Array
  /** years given a resident entry, in the order they were first given one */
  readonly residentOrder: number[]
  /** the slot of a year (MIN_YEAR … MAX_YEAR + 19), cleared on first use in this call */
  slot(year: number): number
}

const stamps = new Uint32Array(YEAR_SLOTS)
let call = 0
const scratch: YearScratch = {
  residentAt: new Int32Array(YEAR_SLOTS),
  employeeAt: new Int32Array(YEAR_SLOTS),
  covered: new Uint8Array(YEAR_SLOTS),
  residentOrder: [],
  slot(year: number): number {
    const at = year - MIN_YEAR
    if (stamps[at] !== call) {
      stamps[at] = call
      scratch.residentAt[at] = -1
      scratch.employeeAt[at] = -1
      scratch.covered[at] = NOT_COVERED
    }
    return at
  },
}

function beginYearScratch(): YearScratch {
  call++
  if (call === 0xffffffff) {
    stamps.fill(0)
    call = 1
  }
  scratch.residentOrder.length = 0
  return scratch
}
