import type { HistoryEntryInput, HistoryItem, HistoryRequest, HistoryResponse } from '@canbao/shared/api/history'
import {
  SPEC_DECISIONS,
  dateZh,
  renderIssueZh,
  validatePolicyInput,
  type PolicyInput,
  type PolicyIssue,
} from '@canbao/shared/policy'

/**
 * 我的参保年度: the resident declares each year; years an insurance office imported or a relative paid through
 * 家庭共济 are shown beside them, read-only, because those records win over what the resident types.
 */

export type DeclaredScheme = 'none' | 'resident' | 'employee'
export type FundPaid = 'unknown' | 'zero' | 'paid'

export interface DeclaredYear {
  year: number
  scheme: DeclaredScheme
  /** YYYY-MM-DD or '' when not known */
  paidOn: string
  fund: FundPaid
  incentiveUsed: boolean
  /** employee years: the day employee cover ended, '' when it ran to the year's end or is not known */
  endedOn: string
  /** a gap year the resident paid afterwards (补缴) */
  backPaid: boolean
}

export interface LockedYear {
  year: number
  source: 'office' | 'family'
  /** who the record is from, in plain words */
  provenance: string
  summary: string
  /** the resident had declared this year too: say that the office's record replaced it */
  replacedSelf: boolean
}

export interface RecordsForm {
  years: DeclaredYear[]
  locked: LockedYear[]
}

/** Years a person can declare: a few before the mechanism (Shanxi counts them for conversion), up to next year. */
export const FIRST_DECLARABLE_YEAR = SPEC_DECISIONS.mechanismStartYear - 3

export function declarableYears(today: string): number[] {
  const last = Number(today.slice(0, 4)) + 1
  const years: number[] = []
  for (let y = last; y >= FIRST_DECLARABLE_YEAR; y--) years.push(y)
  return years
}

const emptyYear = (year: number): DeclaredYear => ({
  year,
  scheme: 'none',
  paidOn: '',
  fund: 'unknown',
  incentiveUsed: false,
  endedOn: '',
  backPaid: false,
})

function provenanceOf(item: HistoryItem): string {
  return item.source === 'office' ? '医保部门导入' : '家人通过家庭共济代缴（平台已确认）'
}

function summaryOf(item: HistoryItem): string {
  const parts = [item.scheme === 'employee' ? '职工医保' : '居民医保']
  if (item.paidOn) parts.push(`${dateZh(item.paidOn)}缴费`)
  if (item.endedOn) parts.push(`至${dateZh(item.endedOn)}`)
  if (item.fundPaidFen !== undefined) parts.push(item.fundPaidFen === 0 ? '全年基金零报销' : '有基金报销')
  if (item.incentiveUsed) parts.push('使用了奖励额度')
  return parts.join('，')
}

/** The form from the API's merged history. */
export function formFromHistory(history: HistoryResponse, today: string): RecordsForm {
  const locked = history.history
    .filter((h): h is HistoryItem & { source: 'office' | 'family' } => h.source !== 'self')
    .map((h) => ({
      year: h.year,
      source: h.source,
      provenance: provenanceOf(h),
      summary: summaryOf(h),
      replacedSelf: history.overriddenSelfYears.includes(h.year),
    }))
  const lockedYears = new Set(locked.map((l) => l.year))
  const self = new Map(history.history.filter((h) => h.source === 'self').map((h) => [h.year, h]))
  const extraYears = [...self.keys()].filter((y) => !declarableYears(today).includes(y))
  const years = [...declarableYears(today), ...extraYears]
    .filter((y) => !lockedYears.has(y))
    .sort((a, b) => b - a)
    .map((year): DeclaredYear => {
      const h = self.get(year)
      if (!h) return { ...emptyYear(year), backPaid: history.backPaidYears.includes(year) }
      return {
        year,
        scheme: h.scheme,
        paidOn: h.paidOn ?? '',
        fund: h.fundPaidFen === undefined ? 'unknown' : h.fundPaidFen === 0 ? 'zero' : 'paid',
        incentiveUsed: h.incentiveUsed === true,
        endedOn: h.endedOn ?? '',
        backPaid: false,
      }
    })
  return { years, locked: locked.sort((a, b) => b.year - a.year) }
}

export function updateYear(form: RecordsForm, year: number, change: Partial<Omit<DeclaredYear, 'year'>>): RecordsForm {
  return {
    ...form,
    years: form.years.map((y) => {
      if (y.year !== year) return y
      const next = { ...y, ...change }
      // Fields that belong to one scheme are cleared when the scheme changes, so nothing hidden is sent.
      if (next.scheme !== 'resident')
        Object.assign(next, {
          paidOn: next.scheme === 'none' ? '' : next.paidOn,
          fund: 'unknown',
          incentiveUsed: false,
        })
      if (next.scheme !== 'employee') next.endedOn = ''
      if (next.scheme !== 'none') next.backPaid = false
      if (next.fund === 'zero') next.incentiveUsed = false
      return next
    }),
  }
}

/** A representative amount: the rules only ask whether the fund paid anything, never how much. */
const SOME_FUND_PAYMENT_FEN = 1

function entryOf(y: DeclaredYear): HistoryEntryInput | null {
  if (y.scheme === 'none') return null
  if (y.scheme === 'employee') return { year: y.year, scheme: 'employee', ...(y.endedOn ? { endedOn: y.endedOn } : {}) }
  return {
    year: y.year,
    scheme: 'resident',
    ...(y.paidOn ? { paidOn: y.paidOn } : {}),
    ...(y.fund === 'unknown' ? {} : { fundPaidFen: y.fund === 'zero' ? 0 : SOME_FUND_PAYMENT_FEN }),
    ...(y.incentiveUsed ? { incentiveUsed: true } : {}),
  }
}

/** The PUT /api/me/history body; `years[i]` of the request maps back to a form year through `sentYears`. */
export function requestOf(
  form: RecordsForm,
  groups: HistoryRequest['groups'] = [],
): { body: HistoryRequest; sentYears: number[] } {
  const entries = form.years
    .map(entryOf)
    .filter((e): e is HistoryEntryInput => e !== null)
    .sort((a, b) => a.year - b.year)
  const backPaidYears = form.years
    .filter((y) => y.scheme === 'none' && y.backPaid)
    .map((y) => y.year)
    .sort()
  return { body: { history: entries, groups: groups ?? [], backPaidYears }, sentYears: entries.map((e) => e.year) }
}

export type YearField = 'scheme' | 'paidOn' | 'fund' | 'incentiveUsed' | 'endedOn' | 'backPaid' | 'year'

/** Messages keyed `${year}.${field}`, shown beside that field; `form` for the rest. */
export type FieldErrors = Record<string, string[]>

function push(errors: FieldErrors, key: string, message: string) {
  errors[key] ??= []
  const list = errors[key]
  if (!list.includes(message)) list.push(message)
}

const LEAF_FIELDS: Record<string, YearField> = {
  paidOn: 'paidOn',
  fundPaidFen: 'fund',
  incentiveUsed: 'incentiveUsed',
  endedOn: 'endedOn',
  year: 'year',
  scheme: 'scheme',
}

/**
 * The engine's own checks on what the resident typed (with the office and family years it will be merged
 * with), before anything is sent: the same refusals the calculator and the entitlement answer make.
 */
export function checkForm(
  form: RecordsForm,
  profile: { province: string; region?: string | null; birthDate?: string | null },
  today: string,
  officeItems: HistoryItem[],
): FieldErrors {
  const errors: FieldErrors = {}
  const { body, sentYears } = requestOf(form)
  for (const y of form.years) {
    if (y.paidOn && y.paidOn > today)
      push(errors, `${y.year}.paidOn`, `缴费日期${dateZh(y.paidOn)}在今天之后；只能填写已经缴过的费用`)
    if (y.scheme === 'resident' && y.paidOn && y.paidOn < `${y.year - 1}-01-01`)
      push(errors, `${y.year}.paidOn`, `缴费日期早于${y.year - 1}年，不可能是${y.year}年度的缴费`)
  }
  const lockedYears = new Set(officeItems.map((i) => i.year))
  const history = [
    ...body.history.filter((e) => !lockedYears.has(e.year)),
    ...officeItems.map(({ source: _s, ...e }) => e),
  ]
  const input: PolicyInput = {
    province: profile.province,
    year: Number(today.slice(0, 4)) + 1,
    history,
    ...(profile.region ? { region: profile.region } : {}),
    ...(profile.birthDate ? { birthDate: profile.birthDate } : {}),
    ...(body.backPaidYears?.length ? { backPaidYears: body.backPaidYears } : {}),
  }
  const checked = validatePolicyInput(input)
  if (!checked.ok) placeIssues(errors, checked.issues, (i) => history[i]?.year, sentYears, input.backPaidYears ?? [])
  return errors
}

function placeIssues(
  errors: FieldErrors,
  issues: readonly PolicyIssue[],
  yearAt: (i: number) => number | undefined,
  _sent: number[],
  backPaid: number[],
) {
  for (const issue of issues) {
    const [head, index, leaf] = issue.path
    const message = renderIssueZh({ ...issue, path: [] })
    if (head === 'history' && typeof index === 'number' && yearAt(index) !== undefined) {
      push(errors, `${yearAt(index)}.${LEAF_FIELDS[String(leaf)] ?? 'scheme'}`, message)
    } else if (head === 'backPaidYears' && typeof index === 'number' && backPaid[index] !== undefined) {
      push(errors, `${backPaid[index]}.backPaid`, message)
    } else {
      push(errors, 'form', renderIssueZh(issue))
    }
  }
}

/** The server's refusal (`history.3.paidOn` style paths) placed beside the same fields. */
export function serverErrors(
  issues: readonly { path: string; message: string }[] | undefined,
  sentYears: number[],
  backPaidYears: number[],
  fallback: string,
): FieldErrors {
  const errors: FieldErrors = {}
  if (!issues || issues.length === 0) {
    push(errors, 'form', fallback)
    return errors
  }
  for (const i of issues) {
    const [head, index, leaf] = i.path.split('.')
    const n = Number(index)
    if (head === 'history' && Number.isInteger(n) && sentYears[n] !== undefined)
      push(errors, `${sentYears[n]}.${LEAF_FIELDS[leaf ?? ''] ?? 'scheme'}`, i.message)
    else if (head === 'backPaidYears' && Number.isInteger(n) && backPaidYears[n] !== undefined)
      push(errors, `${backPaidYears[n]}.backPaid`, i.message)
    else push(errors, 'form', i.message)
  }
  return errors
}

export const hasErrors = (errors: FieldErrors) => Object.values(errors).some((list) => list.length > 0)

/** What the page says after a save, from the API's own reply (e.g. a declared year an office record replaced). */
export function savedNote(history: HistoryResponse): string {
  const replaced = history.overriddenSelfYears
  const ignored = history.ignoredBackPaidYears
  const parts = ['已保存。首页的限额和等待期已按新的记录计算。']
  if (replaced.length) parts.push(`${replaced.join('、')}年以医保部门或家庭共济的记录为准，您填写的内容没有采用。`)
  if (ignored.length) parts.push(`${ignored.join('、')}年医保部门记录为已参保，补缴不再计入。`)
  return parts.join('')
}
