// The shared input schema (valibot) plus the checks that relate fields to each other. Every issue is
// collected; nothing throws. A leaf schema's message is its issue code, turned into Chinese by issue().

import * as v from 'valibot'
import { addDays, isDateString, lastDayOf, parseDate, yearOf } from './dates'
import type { DecisionOverrides } from './decisions'
import { issue, isIssueCode } from './issues'
import { resolveParams, type PolicyTables } from './params'
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
const regionCode = v.pipe(v.string('UNKNOWN_REGION'), v.check((s) => /^\d{6}$/.test(s), 'UNKNOWN_REGION'))

const window = v.object({ start: date, end: date }, 'INVALID_VALUE')

const historyEntry = v.object(
  {
    year,
    scheme: v.picklist(['resident', 'employee'], 'INVALID_SCHEME'),
    paidOn: v.optional(date),
    fundPaidFen: v.optional(fen),
    incentiveUsed: v.optional(v.boolean('INVALID_VALUE')),
    endedOn: v.optional(date),
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
}

export function validatePolicyInput(raw: unknown, options: ValidateOptions = {}): Result<PolicyInput> {
  const parsed = v.safeParse(PolicyInputSchema, raw)
  const issues: PolicyIssue[] = parsed.success ? [] : parsed.issues.map(fromValibot)
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    crossFieldIssues(raw as Loose, options, issues)
  }
  if (issues.length > 0 || !parsed.success) return { ok: false, issues: dedupe(issues) }
  const value = parsed.output as PolicyInput
  // One object shape for every history entry keeps the core's reads monomorphic (absent → undefined).
  value.history = value.history.map((e) => ({
    year: e.year,
    scheme: e.scheme,
    paidOn: e.paidOn,
    fundPaidFen: e.fundPaidFen,
    incentiveUsed: e.incentiveUsed,
    endedOn: e.endedOn,
  }))
  return { ok: true, value }
}

function fromValibot(found: v.BaseIssue<unknown>): PolicyIssue {
  const path = (found.path ?? []).map((item) => item.key as string | number)
  const last = found.path?.[found.path.length - 1]
  const missing = (last?.origin === 'key' && found.kind === 'schema') || (found.kind === 'schema' && found.input === undefined)
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

const isYear = (x: unknown): x is number => typeof x === 'number' && isWhole(MIN_YEAR, MAX_YEAR)(x)
const isDate = (x: unknown): x is string => typeof x === 'string' && isDateString(x)
const isObject = (x: unknown): x is Loose => typeof x === 'object' && x !== null && !Array.isArray(x)
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : [])

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

  const period = raw.enrollmentPeriod
  if (isObject(period) && isDate(period.start) && isDate(period.end) && period.start > period.end) {
    issues.push(issue('INVALID_PERIOD', ['enrollmentPeriod']))
  }
  list(raw.enrollmentPeriods).forEach((w, i) => {
    if (isObject(w) && isDate(w.start) && isDate(w.end) && w.start > w.end) issues.push(issue('INVALID_PERIOD', ['enrollmentPeriods', i]))
  })

  const groups = list(raw.groups)
  groups.forEach((g, i) => {
    if (!isObject(g)) return
    if (g.kind === 'newborn' && raw.birthDate === undefined) issues.push(issue('MISSING_FIELD', ['birthDate']))
    if (isYear(g.year) && birthYear !== null && g.year < birthYear) issues.push(issue('IMPOSSIBLE_YEAR', ['groups', i, 'year']))
  })

  const covered = new Map<number, string>()
  list(raw.history).forEach((entry, i) => {
    if (!isObject(entry) || !isYear(entry.year)) return
    const entryYear = entry.year
    if (covered.has(entryYear)) issues.push(issue('DUPLICATE_YEAR', ['history', i, 'year']))
    else covered.set(entryYear, String(entry.scheme))
    if (birthYear !== null && entryYear < birthYear) issues.push(issue('IMPOSSIBLE_YEAR', ['history', i, 'year']))
    if (isDate(entry.paidOn)) {
      const paidOn = parseDate(entry.paidOn)
      const window = d?.newbornWindowDays ?? 0
      const newbornGrace = birthDate !== null && entryYear === birthYear && paidOn <= addDays(birthDate, window)
      if (paidOn > lastDayOf(entryYear) && !newbornGrace) issues.push(issue('PAID_AFTER_YEAR_END', ['history', i, 'paidOn']))
    }
    if (isDate(entry.endedOn) && yearOf(parseDate(entry.endedOn)) !== entryYear) {
      issues.push(issue('ENDED_OUTSIDE_YEAR', ['history', i, 'endedOn']))
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
    const scheme = covered.get(gapYear)
    const coveredThatYear = scheme === 'resident' || (scheme !== undefined && !d.employeeYearIsGap)
    const beforeBirth = birthYear !== null && (d.birthYearCanBeGap ? gapYear < birthYear : gapYear <= birthYear)
    if (gapYear >= y || gapYear < d.mechanismStartYear || coveredThatYear || beforeBirth) {
      issues.push(issue('BACK_PAID_NOT_GAP', ['backPaidYears', i]))
    }
  })
}
