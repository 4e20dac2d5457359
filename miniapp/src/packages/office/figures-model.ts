// The office figures page's logic (testable without Taro): the proposal form as typed, turned into the
// request, with the same checks the Worker runs shown next to each field before sending.

import { figureIssues, provinceOfRegion, type FigureKind, type ProposalRequest } from '@canbao/shared/registry/figures'
import type { OfficeProposal } from '@canbao/shared/api/registry'
import type { ClientError } from '../../api/client'
import { dateText } from '../../lib/format'

export interface ProposalForm {
  year: number
  kind: FigureKind
  /** yuan for base cap and step, yuan with up to 2 decimals for contributions (sent as fen) */
  amount: string
  /** one line per window: `2026-09-15 至 2027-02-28` */
  windows: string
  docNo: string
  title: string
  issuer: string
  issuedOn: string
  link: string
  reason: string
}

export type FieldErrors = Partial<
  Record<
    'year' | 'kind' | 'amount' | 'windows' | 'docNo' | 'title' | 'issuer' | 'issuedOn' | 'link' | 'reason' | 'form',
    string
  >
>

export const emptyForm = (year: number, kind: FigureKind): ProposalForm => ({
  year,
  kind,
  amount: '',
  windows: '',
  docNo: '',
  title: '',
  issuer: '',
  issuedOn: '',
  link: '',
  reason: '',
})

const WINDOW_LINE = /^\s*(\d{4}-\d{2}-\d{2})\s*(?:至|到|-|~|—)\s*(\d{4}-\d{2}-\d{2})\s*$/

/** The value of the form as the API takes it, or the field's message. */
export function formValue(
  form: ProposalForm,
): { ok: true; value: unknown } | { ok: false; field: 'amount' | 'windows'; message: string } {
  if (form.kind === 'periods') {
    const lines = form.windows
      .split(/\n|；|;/)
      .map((l) => l.trim())
      .filter(Boolean)
    if (lines.length === 0)
      return { ok: false, field: 'windows', message: '请填写集中参保期，例如 2026-09-15 至 2027-02-28' }
    const windows: { start: string; end: string }[] = []
    for (const [i, line] of lines.entries()) {
      const m = WINDOW_LINE.exec(line)
      if (!m)
        return {
          ok: false,
          field: 'windows',
          message: `第${i + 1}行请写成“开始日期 至 结束日期”，例如 2026-09-15 至 2027-02-28`,
        }
      windows.push({ start: m[1] as string, end: m[2] as string })
    }
    return { ok: true, value: windows }
  }
  const text = form.amount.trim()
  if (text === '') return { ok: false, field: 'amount', message: '请填写金额' }
  if (!/^\d+(\.\d{1,2})?$/.test(text))
    return {
      ok: false,
      field: 'amount',
      message:
        form.kind === 'base-cap' || form.kind === 'step'
          ? '请填写整数金额（单位：元）'
          : '请填写金额（单位：元，最多两位小数）',
    }
  const yuan = Number(text)
  if (form.kind === 'base-cap' || form.kind === 'step') {
    if (!Number.isInteger(yuan)) return { ok: false, field: 'amount', message: '请填写整数金额（单位：元）' }
    return { ok: true, value: yuan }
  }
  // Contributions are stored in fen; parsing the digits avoids 0.1 + 0.2 style rounding.
  const [whole, cents = ''] = text.split('.')
  return { ok: true, value: Number(whole) * 100 + Number(cents.padEnd(2, '0')) }
}

const fieldOfPath = (path: string): keyof FieldErrors => {
  if (path.startsWith('value')) return 'amount'
  if (path.startsWith('source.')) return path.slice(7) as keyof FieldErrors
  if (path === 'reason' || path === 'year' || path === 'kind') return path
  return 'form'
}

/**
 * API issues (or the shared checks) as messages next to their fields; a window problem goes to the windows
 * box.
 */
export function fieldErrors(form: ProposalForm, issues: readonly { path: string; message: string }[]): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of issues) {
    let field = fieldOfPath(issue.path)
    if (field === 'amount' && form.kind === 'periods') field = 'windows'
    out[field] = out[field] ? `${out[field]}；${issue.message}` : issue.message
  }
  return out
}

/**
 * The examples under the source fields. Neutral, not one region's document: every office sees this page, and
 * a Chengdu clerk shown "洪医保发" and "南昌市医疗保障局" wondered whether she was on Nanchang's page (review 13).
 */
export const SOURCE_HINTS_ZH = {
  docNo: '例如 ××医保发〔2026〕×号',
  issuer: '例如 ××市医疗保障局',
  issuedOn: '例如 2026-08-20（即2026年8月20日）',
} as const

/** The request, or the messages to show before anything is sent. */
export function buildProposal(
  form: ProposalForm,
  region: string,
  periodStarted: boolean,
): { ok: true; body: ProposalRequest } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const value = formValue(form)
  if (!value.ok) errors[value.field] = value.message
  else if (provinceOfRegion(region) !== null)
    Object.assign(errors, fieldErrors(form, figureIssues(region, form.year, form.kind, value.value)))
  const required: [keyof FieldErrors, string, string][] = [
    ['docNo', form.docNo, `请填写文号，${SOURCE_HINTS_ZH.docNo}`],
    ['title', form.title, '请填写文件标题'],
    ['issuer', form.issuer, `请填写发文机关，${SOURCE_HINTS_ZH.issuer}`],
  ]
  for (const [field, text, message] of required) if (text.trim() === '') errors[field] = message
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.issuedOn.trim())) errors.issuedOn = `请填写发文日期，${SOURCE_HINTS_ZH.issuedOn}`
  if (form.link.trim() !== '' && !/^https?:\/\/\S+$/.test(form.link.trim()))
    errors.link = '链接请以 http:// 或 https:// 开头'
  if (periodStarted && form.reason.trim() === '')
    errors.reason = `${form.year}年度集中参保期已经开始，修改该年度的数据需要填写修改原因`
  if (Object.keys(errors).length > 0 || !value.ok) return { ok: false, errors }
  return {
    ok: true,
    body: {
      region,
      year: form.year,
      kind: form.kind,
      value: value.value,
      source: {
        docNo: form.docNo.trim(),
        title: form.title.trim(),
        issuer: form.issuer.trim(),
        issuedOn: form.issuedOn.trim(),
        link: form.link.trim() || null,
      },
      ...(form.reason.trim() ? { reason: form.reason.trim() } : {}),
    },
  }
}

export const STATUS_ZH = {
  pending: '待审核',
  approved: '已生效',
  rejected: '已退回',
  superseded: '已被新提议取代',
} as const
export const ACTION_ZH = {
  proposed: '提议',
  approved: '审核通过',
  rejected: '退回',
  superseded: '被取代',
  replaced: '替换已公布数据',
} as const

/**
 * The note beside a year's heading. "集中参保期已开始" beside a period the region never published read as if
 * the office had published one: say that the dates are the default period's (D2), used until it publishes.
 * By the date the period has ended, is running or has not begun (review 53: "已经开始" for a past year was
 * false); only a started period makes a change need a reason.
 */
export function periodNote(year: {
  year: number
  periodStarted: boolean
  periodEnded: boolean
  figures: readonly { kind: FigureKind; status: 'published' | 'demo' | 'missing' }[]
}): string {
  const phase = !year.periodStarted ? '还没开始' : year.periodEnded ? '已经结束' : '正在进行'
  const reason = year.periodStarted ? '需填写原因' : '不需填写原因'
  const periods = year.figures.find((f) => f.kind === 'periods')
  if (periods?.status !== 'published')
    return `本地区还没有公布${year.year}年度集中参保期；` + `按默认参保期计算${phase}，现在修改该年度的数据${reason}`
  return `${year.year}年度集中参保期${phase}，修改该年度的数据${reason}`
}

/** A figure's source as one line, its issue date in words ("2026年8月20日", not "2026-08-20": review 22). */
export const sourceLineZh = (s: { issuer: string; docNo: string; title: string; issuedOn: string }): string =>
  `来源：${s.issuer} ${s.docNo}《${s.title}》${dateText(s.issuedOn)}`

/** What a figure's row says after its name: its state, and the value when there is one. */
export const FIGURE_STATE_ZH = { published: '已公布', demo: '演示数据（未正式公布）', missing: '缺失' } as const
export const figureStateText = (f: { status: keyof typeof FIGURE_STATE_ZH; valueZh: string | null }) =>
  `${FIGURE_STATE_ZH[f.status]}${f.valueZh ? `：${f.valueZh}` : ''}`

/** Whole yuan for a cap and its step, yuan and fen for a contribution: the label says which. */
export const amountLabel = (kind: FigureKind) =>
  kind === 'base-cap' || kind === 'step' ? '金额（元，整数）' : '金额（元，可精确到分）'

export const windowsLabel = (year: number) => `集中参保期（每段一行，例如 ${year - 1}-09-15 至 ${year}-02-28）`

export const reasonLabel = (periodStarted: boolean) =>
  `修改原因${periodStarted ? '（必填：见该年度上方的说明）' : '（可不填）'}`

export const PROPOSED_ZH = '已提交，等待本地区另一位经办人员审核；审核通过后居民端才会使用这项数据。'

/** The proposals waiting for a colleague, and the decided ones for the record. */
export function splitProposals<P extends Pick<OfficeProposal, 'status'>>(proposals: readonly P[] | undefined) {
  const all = proposals ?? []
  return { pending: all.filter((p) => p.status === 'pending'), decided: all.filter((p) => p.status !== 'pending') }
}

/** Everything the figures page keeps while the clerk works; the figures themselves come from useLoad. */
export interface FiguresUi {
  form: ProposalForm
  errors: FieldErrors
  /** the green line after a proposal or a decision */
  notice: string | null
  /** the review note typed under each pending proposal, by its id */
  notes: Record<string, string>
  /** the red line under each pending proposal, by its id */
  decisionErrors: Record<string, string>
}

export type FiguresEvent =
  | { type: 'edit'; patch: Partial<ProposalForm> }
  | { type: 'refused'; errors: FieldErrors }
  | { type: 'proposed' }
  | { type: 'note'; id: string; text: string }
  | { type: 'decision-refused'; id: string; message: string }
  | { type: 'decided'; id: string; message: string }

export const initialFiguresUi = (year: number): FiguresUi => ({
  form: emptyForm(year, 'periods'),
  errors: {},
  notice: null,
  notes: {},
  decisionErrors: {},
})

/**
 * The page's state machine. A refused proposal keeps every typed field (only the messages change); a sent
 * one empties the form but keeps its year and kind, for the next figure of the same document.
 */
export function figuresReducer(ui: FiguresUi, event: FiguresEvent): FiguresUi {
  switch (event.type) {
    case 'edit':
      return { ...ui, form: { ...ui.form, ...event.patch }, notice: null }
    case 'refused':
      return { ...ui, errors: event.errors, notice: null }
    case 'proposed':
      return { ...ui, errors: {}, form: emptyForm(ui.form.year, ui.form.kind), notice: PROPOSED_ZH }
    case 'note':
      return { ...ui, notes: { ...ui.notes, [event.id]: event.text } }
    case 'decision-refused':
      return { ...ui, decisionErrors: { ...ui.decisionErrors, [event.id]: event.message }, notice: null }
    case 'decided': {
      const { [event.id]: _note, ...notes } = ui.notes
      const { [event.id]: _error, ...decisionErrors } = ui.decisionErrors
      return { ...ui, notes, decisionErrors, notice: event.message }
    }
  }
}

/** A server refusal of a proposal, next to the fields it names (or under the form). */
export const proposalRefusal = (form: ProposalForm, error: ClientError): FieldErrors =>
  error.issues?.length ? fieldErrors(form, error.issues) : { form: error.message }

/** A return needs a note: the proposer reads it to correct the figure. */
export const decisionProblem = (approve: boolean, note: string): string | null =>
  !approve && note.trim() === '' ? '请填写退回原因，方便提议人修改' : null

/** The line after a decision: what now holds for residents, or that it went back to the proposer. */
export function decisionOutcome(
  p: Pick<OfficeProposal, 'year' | 'labelZh'>,
  approve: boolean,
  result: { ok: true } | { ok: false; error: ClientError },
): { ok: true; message: string } | { ok: false; message: string } {
  if (!result.ok)
    return { ok: false, message: result.error.issues?.map((i) => i.message).join('；') || result.error.message }
  return {
    ok: true,
    message: approve
      ? `已审核通过：${p.year}年度${p.labelZh}现已对居民生效。`
      : `已退回：${p.year}年度${p.labelZh}的提议回到提议人，居民端不使用。`,
  }
}
