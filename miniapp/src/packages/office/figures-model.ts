// The office figures page's logic (testable without Taro): the proposal form as typed, turned into the
// request, with the same checks the Worker runs shown next to each field before sending.

import { figureIssues, provinceOfRegion, type FigureKind, type ProposalRequest } from '@canbao/shared/registry/figures'
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

/** API issues (or the shared checks) as messages next to their fields; a window problem goes to the windows box. */
export function fieldErrors(form: ProposalForm, issues: readonly { path: string; message: string }[]): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of issues) {
    let field = fieldOfPath(issue.path)
    if (field === 'amount' && form.kind === 'periods') field = 'windows'
    out[field] = out[field] ? `${out[field]}；${issue.message}` : issue.message
  }
  return out
}

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
    ['docNo', form.docNo, '请填写文号，例如 洪医保发〔2025〕9号'],
    ['title', form.title, '请填写文件标题'],
    ['issuer', form.issuer, '请填写发文机关，例如 南昌市医疗保障局'],
  ]
  for (const [field, text, message] of required) if (text.trim() === '') errors[field] = message
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.issuedOn.trim())) errors.issuedOn = '请填写发文日期，例如 2025-08-20'
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
    return `本地区还没有公布${year.year}年度集中参保期；按默认参保期计算${phase}，现在修改该年度的数据${reason}`
  return `${year.year}年度集中参保期${phase}，修改该年度的数据${reason}`
}

/** A figure's source as one line, its issue date in words ("2026年8月20日", not "2026-08-20": review 22). */
export const sourceLineZh = (s: { issuer: string; docNo: string; title: string; issuedOn: string }): string =>
  `来源：${s.issuer} ${s.docNo}《${s.title}》${dateText(s.issuedOn)}`
