import type {
  GroupInput,
  HistoryEntryInput,
  HistoryItem,
  HistoryRequest,
  HistoryResponse,
} from '@canbao/shared/api/history'
import {
  GROUP_CHOICES_ZH,
  MAX_PROGRAMME_YEARS,
  SPEC_DECISIONS,
  dateZh,
  isProvinceCode,
  renderIssueZh,
  resolveParams,
  validatePolicyInput,
  type GroupKind,
  type PolicyInput,
} from '@canbao/shared/policy'
import {
  CLAIM_CHOICES_ZH,
  CLAIM_FUND_FEN,
  INCENTIVE_USED_ZH,
  claimAnswerOf,
  claimQuestionZh,
  type ClaimAnswer,
} from '@canbao/shared/texts/claims-zh'

/**
 * 我的参保年度: the resident declares each year; years an insurance office imported or a relative paid through
 * 家庭共济 are shown beside them, read-only, because those records win over what the resident types.
 */

/**
 * `switch`: employee cover ended during the year and the resident enrolled in the resident scheme after it
 * (SPEC §5, docs/policy.md#s5: one year, two entries).
 */
export type DeclaredScheme = 'none' | 'resident' | 'employee' | 'switch'
export type FundPaid = ClaimAnswer

export interface DeclaredYear {
  year: number
  /**
   * null: not answered yet. A new user's years start so (review 7): a pre-selected 没有参保 turned one tap on
   * 保存 into six gap years that lower the cap; the page asks before saving unanswered years as 没有参保.
   */
  scheme: DeclaredScheme | null
  /** the resident payment, YYYY-MM-DD, or '' for 不记得 (the engine then assumes on time and says so) */
  paidOn: string
  fund: FundPaid
  incentiveUsed: boolean
  /** employee or switch years: the day employee cover ended, '' when it ran to the year's end or is not known */
  endedOn: string
  /** a gap year the resident paid afterwards (补缴) */
  backPaid: boolean
  /**
   * Sichuan 000 (一): the resident payment was a student's payment for the whole programme, covering this year
   * and the next `programmeYears − 1`; 1 = this year only
   */
  programmeYears: number
}

/** One special group (人群类别, SPEC §5) as the form holds it, whether ticked or not. */
export interface GroupDraft {
  kind: GroupKind
  on: boolean
  /** the coverage year of the enrollment the group concerns */
  year: number
  /** veteran-discharged, left-other-system: the day of leaving, '' when not given */
  exitedOn: string
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
  groups: GroupDraft[]
  /**
   * the resident's own entries of a locked year (a switch year's employee half beside a family payment):
   * sent back unchanged
   */
  kept: HistoryEntryInput[]
}

/** Labels are the shared ones the calculator uses too (GROUP_CHOICES_ZH); the hints say what to fill in here. */
export const GROUP_LABELS: Record<GroupKind, { label: string; hint: string; exit: boolean }> = {
  newborn: { label: GROUP_CHOICES_ZH.newborn, hint: '出生90天内参保，按参保人信息里的出生日期计算', exit: false },
  'student-first-enrollment': {
    label: GROUP_CHOICES_ZH['student-first-enrollment'],
    hint: '填写首次在学校参保的年度',
    exit: false,
  },
  'veteran-discharged': {
    label: GROUP_CHOICES_ZH['veteran-discharged'],
    hint: '填写退役日期和退役后参保的年度',
    exit: true,
  },
  'left-other-system': {
    label: GROUP_CHOICES_ZH['left-other-system'],
    hint: '填写退出日期和之后参保的年度',
    exit: true,
  },
  'assistance-funded': {
    label: GROUP_CHOICES_ZH['assistance-funded'],
    hint: '填写由医疗救助资助参保的年度',
    exit: false,
  },
}
const GROUP_ORDER: GroupKind[] = [
  'newborn',
  'student-first-enrollment',
  'veteran-discharged',
  'left-other-system',
  'assistance-funded',
]

/** Whether the province lets a student pay the whole programme at once: the engine's own table (000 (一)). */
export function programmeAllowed(province: string, year: number): boolean {
  return isProvinceCode(province) && resolveParams(province, undefined, year).studentProgramme.value
}

/** Lengths a resident can pick for a whole-programme payment: 2 years up to the engine's bound. */
export const PROGRAMME_CHOICES: number[] = Array.from({ length: MAX_PROGRAMME_YEARS - 1 }, (_, i) => i + 2)

/** Years a person can declare: a few before the mechanism (Shanxi counts them for conversion), up to next year. */
export const FIRST_DECLARABLE_YEAR = SPEC_DECISIONS.mechanismStartYear - 3

export function declarableYears(today: string): number[] {
  const last = Number(today.slice(0, 4)) + 1
  const years: number[] = []
  for (let y = last; y >= FIRST_DECLARABLE_YEAR; y--) years.push(y)
  return years
}

const emptyYear = (year: number, scheme: DeclaredScheme | null): DeclaredYear => ({
  year,
  scheme,
  paidOn: '',
  fund: 'unknown',
  incentiveUsed: false,
  endedOn: '',
  backPaid: false,
  programmeYears: 1,
})

function groupsFrom(saved: readonly GroupInput[], today: string, birthDate?: string | null): GroupDraft[] {
  const thisYear = Number(today.slice(0, 4))
  return GROUP_ORDER.map((kind) => {
    const g = saved.find((s) => s.kind === kind)
    const fallback = kind === 'newborn' && birthDate ? Number(birthDate.slice(0, 4)) : thisYear
    return { kind, on: g !== undefined, year: g?.year ?? fallback, exitedOn: g?.exitedOn ?? '' }
  })
}

function provenanceOf(item: HistoryItem): string {
  return item.source === 'office' ? '医保部门导入' : '家人通过家庭共济代缴（平台已确认）'
}

function summaryOf(item: HistoryItem): string {
  const parts = [item.scheme === 'employee' ? '职工医保' : '居民医保']
  if (item.paidOn) parts.push(`${dateZh(item.paidOn)}缴费`)
  if (item.endedOn) parts.push(`至${dateZh(item.endedOn)}`)
  const claim = CLAIM_CHOICES_ZH.find((c) => c.answer === claimAnswerOf(item.fundPaidFen))
  if (item.fundPaidFen !== undefined && claim) parts.push(`医保基金${claim.label}`)
  if (item.incentiveUsed) parts.push(INCENTIVE_USED_ZH)
  return parts.join('，')
}

/** The form from the API's merged history. */
export function formFromHistory(history: HistoryResponse, today: string, birthDate?: string | null): RecordsForm {
  const locked = history.history
    .filter((h): h is HistoryItem & { source: 'office' | 'family' } => h.source !== 'self')
    .map((h) => {
      // A switch year's employee half the resident declared stays beside a family payment (merge.ts).
      const alongside = history.history.filter((o) => o.year === h.year && o.source === 'self')
      return {
        year: h.year,
        source: h.source,
        provenance: provenanceOf(h),
        summary: [...alongside.map((o) => `${summaryOf(o)}（本人填写）`), summaryOf(h)].join('；'),
        replacedSelf: history.overriddenSelfYears.includes(h.year),
      }
    })
  const lockedYears = new Set(locked.map((l) => l.year))
  const kept = history.history
    .filter((h) => h.source === 'self' && lockedYears.has(h.year))
    .map(({ source: _s, ...e }) => e)
  const self = new Map<number, HistoryItem[]>()
  for (const h of history.history)
    if (h.source === 'self' && !lockedYears.has(h.year)) self.set(h.year, [...(self.get(h.year) ?? []), h])
  // A resident who saved before confirmed the years left out as 没有参保 (the page asks); someone who never
  // declared anything has answered nothing yet.
  const declaredBefore =
    history.history.some((h) => h.source === 'self') || history.groups.length > 0 || history.backPaidYears.length > 0
  const extraYears = [...self.keys()].filter((y) => !declarableYears(today).includes(y))
  const years = [...declarableYears(today), ...extraYears]
    .filter((y) => !lockedYears.has(y))
    .sort((a, b) => b - a)
    .map((year): DeclaredYear => {
      const entries = self.get(year) ?? []
      const resident = entries.find((e) => e.scheme === 'resident')
      const employee = entries.find((e) => e.scheme === 'employee')
      if (!resident && !employee) {
        const backPaid = history.backPaidYears.includes(year)
        return { ...emptyYear(year, declaredBefore || backPaid ? 'none' : null), backPaid }
      }
      return {
        year,
        scheme: resident && employee ? 'switch' : resident ? 'resident' : 'employee',
        paidOn: resident?.paidOn ?? '',
        fund: claimAnswerOf(resident?.fundPaidFen),
        incentiveUsed: resident?.incentiveUsed === true,
        endedOn: employee?.endedOn ?? '',
        backPaid: false,
        programmeYears: resident?.programmeYears ?? 1,
      }
    })
  return {
    years,
    locked: locked.sort((a, b) => b.year - a.year),
    groups: groupsFrom(history.groups, today, birthDate),
    kept,
  }
}

/** A draft saved by an older version of the page lacks the newer fields: they come from the server's copy. */
export function withDefaults(draft: RecordsForm, fresh: RecordsForm): RecordsForm {
  return {
    ...fresh,
    ...draft,
    years: draft.years.map((y) => ({ ...y, programmeYears: y.programmeYears ?? 1 })),
    groups: draft.groups ?? fresh.groups,
    kept: draft.kept ?? fresh.kept,
  }
}

/** The year whose whole-programme payment covers `year` (a later year of the programme), or null. */
export function coveredBy(form: RecordsForm, year: number): number | null {
  for (const y of form.years) {
    if (y.year < year && y.year + y.programmeYears > year && hasResidentPart(y)) return y.year
  }
  return null
}

const hasResidentPart = (y: DeclaredYear) => y.scheme === 'resident' || y.scheme === 'switch'

export function updateGroup(
  form: RecordsForm,
  kind: GroupKind,
  change: Partial<Omit<GroupDraft, 'kind'>>,
): RecordsForm {
  return { ...form, groups: form.groups.map((g) => (g.kind === kind ? { ...g, ...change } : g)) }
}

/** The ticked groups in the API shape. */
export function groupsOf(form: RecordsForm): GroupInput[] {
  return form.groups
    .filter((g) => g.on)
    .map((g) => ({
      kind: g.kind,
      year: g.year,
      ...(GROUP_LABELS[g.kind].exit && g.exitedOn ? { exitedOn: g.exitedOn } : {}),
    }))
}

export function updateYear(form: RecordsForm, year: number, change: Partial<Omit<DeclaredYear, 'year'>>): RecordsForm {
  return {
    ...form,
    years: form.years.map((y) => {
      if (y.year !== year) return y
      const next = { ...y, ...change }
      // Fields that belong to one scheme are cleared when the scheme changes, so nothing hidden is sent.
      if (!hasResidentPart(next))
        Object.assign(next, {
          paidOn: next.scheme === 'none' ? '' : next.paidOn,
          fund: 'unknown',
          incentiveUsed: false,
          programmeYears: 1,
        })
      if (next.scheme !== 'employee' && next.scheme !== 'switch') next.endedOn = ''
      if (next.scheme !== 'none') next.backPaid = false
      if (next.fund !== 'paid') next.incentiveUsed = false
      return next
    }),
  }
}

/** A switch year is two entries, employee first (it ended before the resident payment). */
function entriesOf(y: DeclaredYear): HistoryEntryInput[] {
  if (y.scheme === 'none' || y.scheme === null) return []
  const employee: HistoryEntryInput = { year: y.year, scheme: 'employee', ...(y.endedOn ? { endedOn: y.endedOn } : {}) }
  if (y.scheme === 'employee') return [employee]
  const resident: HistoryEntryInput = {
    year: y.year,
    scheme: 'resident',
    ...(y.paidOn ? { paidOn: y.paidOn } : {}),
    ...(CLAIM_FUND_FEN[y.fund] === undefined ? {} : { fundPaidFen: CLAIM_FUND_FEN[y.fund] }),
    ...(y.incentiveUsed ? { incentiveUsed: true } : {}),
    ...(y.programmeYears > 1 ? { programmeYears: y.programmeYears } : {}),
  }
  return y.scheme === 'switch' ? [employee, resident] : [resident]
}

/**
 * The PUT /api/me/history body; `history[i]` of the request maps back to a form year through `sentYears`.
 * A later year of a whole-programme payment is not sent (the payment covers it) but keeps what was typed in
 * the form, so shortening the programme brings it back.
 */
export function requestOf(form: RecordsForm): { body: HistoryRequest; sentYears: number[] } {
  const entries = [...form.years.filter((y) => coveredBy(form, y.year) === null).flatMap(entriesOf), ...form.kept].sort(
    (a, b) => a.year - b.year || (a.scheme === b.scheme ? 0 : a.scheme === 'employee' ? -1 : 1),
  )
  const backPaidYears = form.years
    .filter((y) => y.scheme === 'none' && y.backPaid && coveredBy(form, y.year) === null)
    .map((y) => y.year)
    .sort()
  return {
    body: { history: entries, groups: groupsOf(form), backPaidYears },
    sentYears: entries.map((e) => e.year),
  }
}

/**
 * The years handed to the calculator, one row a year there: the declared entries (office and family years
 * replacing them), a whole-programme payment spelled out as the resident years it covers (000 (一)).
 */
export function calculatorHistory(form: RecordsForm, officeItems: readonly HistoryItem[]): HistoryEntryInput[] {
  const locked = new Set(officeItems.map((i) => i.year))
  const out: HistoryEntryInput[] = []
  for (const entry of requestOf(form).body.history) {
    if (locked.has(entry.year)) continue
    const { programmeYears, ...one } = entry
    out.push(one)
    for (let k = 1; k < (programmeYears ?? 1); k++)
      if (!locked.has(entry.year + k)) out.push({ year: entry.year + k, scheme: 'resident' })
  }
  for (const { source: _s, ...item } of officeItems) out.push(item)
  return out.sort((a, b) => a.year - b.year || (a.scheme === b.scheme ? 0 : a.scheme === 'employee' ? -1 : 1))
}

export type YearField =
  | 'scheme'
  | 'paidOn'
  | 'fund'
  | 'incentiveUsed'
  | 'endedOn'
  | 'backPaid'
  | 'year'
  | 'programmeYears'

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
  programmeYears: 'programmeYears',
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
  const { body } = requestOf(form)
  for (const y of form.years) {
    if (y.paidOn && y.paidOn > today)
      push(errors, `${y.year}.paidOn`, `缴费日期${dateZh(y.paidOn)}在今天之后；只能填写已经缴过的费用`)
    // A whole-programme payment is made before its first year (000 (一)); any other is made in Y−1 or Y.
    if (hasResidentPart(y) && y.programmeYears === 1 && y.paidOn && y.paidOn < `${y.year - 1}-01-01`)
      push(errors, `${y.year}.paidOn`, `缴费日期早于${y.year - 1}年，不可能是${y.year}年度的缴费`)
  }
  const lockedYears = new Set(officeItems.map((i) => i.year))
  const history = [
    ...body.history.filter((e) => !lockedYears.has(e.year)),
    ...officeItems.map(({ source: _s, ...e }) => e),
  ]
  const groups = body.groups ?? []
  const input: PolicyInput = {
    province: profile.province,
    year: Number(today.slice(0, 4)) + 1,
    history,
    ...(profile.region ? { region: profile.region } : {}),
    ...(profile.birthDate ? { birthDate: profile.birthDate } : {}),
    ...(body.backPaidYears?.length ? { backPaidYears: body.backPaidYears } : {}),
    ...(groups.length ? { groups } : {}),
  }
  const checked = validatePolicyInput(input)
  if (!checked.ok) {
    const declared = new Set(form.years.map((y) => y.year))
    for (const issue of checked.issues) {
      const [head, index] = issue.path
      const entry = head === 'history' && typeof index === 'number' ? history[index] : undefined
      // An office or family year has no editor here: say which year, under the form.
      if (entry && (!declared.has(entry.year) || lockedYears.has(entry.year))) {
        push(errors, 'form', `${entry.year}年度：${renderIssueZh({ ...issue, path: [] })}`)
        continue
      }
      place(errors, form, history, input.backPaidYears ?? [], groups, issue.path, issue.code, issue.message)
    }
  }
  return errors
}

/** The form key of the field an issue names: `${year}.${field}`, `group.${kind}.${field}` or `form`. */
function place(
  errors: FieldErrors,
  form: RecordsForm,
  sent: readonly HistoryEntryInput[],
  backPaid: readonly number[],
  groups: readonly GroupInput[],
  path: readonly (string | number)[],
  code: string | undefined,
  message: string,
) {
  const [head, index, leaf] = path
  const n = Number(index)
  const entry = head === 'history' && Number.isInteger(n) ? sent[n] : undefined
  const y = entry ? form.years.find((d) => d.year === entry.year) : undefined
  if (entry && y === undefined) {
    // a locked year's entry (kept as it was): that year has no editor, so the message says which year
    push(errors, 'form', `${entry.year}年度：${message}`)
  } else if (entry) {
    let field: YearField = LEAF_FIELDS[String(leaf)] ?? 'year'
    let text = message
    if (field === 'year' && code === 'SWITCH_ORDER' && y?.scheme === 'switch') {
      // The engine's refusal of this pair (SPEC §5), said for the one field the resident has to change.
      field = y.endedOn ? 'paidOn' : 'endedOn'
      text = y.endedOn
        ? `居民医保缴费日期应在职工医保停保日期（${dateZh(y.endedOn)}）之后，请核对这两个日期`
        : '这一年从职工医保转为居民医保，请填写职工医保停保日期'
    }
    // 不记得 is an answer, not a date: a refusal of a date the resident did not give belongs to the year itself.
    if ((field === 'paidOn' && entry.paidOn === undefined) || (field === 'endedOn' && entry.endedOn === undefined))
      field = code === 'SWITCH_ORDER' ? field : 'year'
    push(errors, `${entry.year}.${field}`, text)
  } else if (head === 'backPaidYears' && Number.isInteger(n) && backPaid[n] !== undefined) {
    push(errors, `${backPaid[n]}.backPaid`, message)
  } else if (head === 'groups' && Number.isInteger(n) && groups[n] !== undefined) {
    push(errors, `group.${groups[n].kind}.${leaf === 'exitedOn' ? 'exitedOn' : 'year'}`, message)
  } else {
    push(errors, 'form', path.length ? renderIssueZh({ code: 'INVALID_VALUE', path: [...path], message }) : message)
  }
}

/** The server's refusal (`history.3.paidOn` style paths) placed beside the same fields. */
export function serverErrors(
  issues: readonly { path: string; code?: string; message: string }[] | undefined,
  form: RecordsForm,
  body: HistoryRequest,
  fallback: string,
): FieldErrors {
  const errors: FieldErrors = {}
  if (!issues || issues.length === 0) {
    push(errors, 'form', `${fallback}${KEPT_NOTE}`)
    return errors
  }
  for (const i of issues) {
    const path = i.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))
    const [head, index] = path
    const known =
      (head === 'history' && body.history[Number(index)] !== undefined) ||
      (head === 'backPaidYears' && body.backPaidYears?.[Number(index)] !== undefined) ||
      (head === 'groups' && body.groups?.[Number(index)] !== undefined)
    if (!known) push(errors, 'form', i.message)
    else place(errors, form, body.history, body.backPaidYears ?? [], body.groups ?? [], path, i.code, i.message)
  }
  return errors
}

export const hasErrors = (errors: FieldErrors) => Object.values(errors).some((list) => list.length > 0)

/** Messages beside fields (not only the form's own): the page then asks to fix the red text first. */
export const hasFieldErrors = (errors: FieldErrors) =>
  Object.entries(errors).some(([key, list]) => key !== 'form' && list.length > 0)

/** Years still without an answer (a year a whole-programme payment covers needs none), newest first. */
export function unansweredYears(form: RecordsForm): number[] {
  return form.years.filter((y) => y.scheme === null && coveredBy(form, y.year) === null).map((y) => y.year)
}

/** The question the page asks before saving unanswered years: never saved as gaps silently (review 7). */
export const unansweredQuestion = (years: readonly number[]): string =>
  `这些年度还没有选择：${years.join('、')}年度，按没有参保保存吗？`

/** The resident chose 按没有参保保存: the unanswered years become 没有参保, which is what the page then shows. */
export function answerAsNone(form: RecordsForm): RecordsForm {
  return { ...form, years: form.years.map((y) => (y.scheme === null ? { ...y, scheme: 'none' } : y)) }
}

/**
 * The reimbursement question for a resident year, or null when the coverage year has not started (nothing can
 * have been reimbursed yet, review 6); the current year is asked "so far".
 */
/** The reimbursement question, in the one wording the calculator asks it too (shared/texts/claims-zh). */
export const fundQuestion = claimQuestionZh

/** Said with a refused save that names no field: nothing typed is lost (review 49). */
export const KEPT_NOTE = '您填写的内容还在，稍后再点“保存”即可。'

/** What the page says after a save, from the API's own reply (e.g. a declared year an office record replaced). */
export function savedNote(history: HistoryResponse): string {
  const replaced = history.overriddenSelfYears
  const ignored = history.ignoredBackPaidYears
  const parts = ['已保存。首页的限额和等待期已按新的记录计算。']
  if (replaced.length) parts.push(`${replaced.join('、')}年以医保部门或家庭共济的记录为准，您填写的内容没有采用。`)
  if (ignored.length) parts.push(`${ignored.join('、')}年医保部门记录为已参保，补缴不再计入。`)
  return parts.join('')
}
