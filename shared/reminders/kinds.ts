/**
 * What Canbao reminds residents of, and how each reminder looks as a WeChat subscription message. Each kind
 * has its own one-time template: one `accept` in the mini-program is one message WeChat lets us send.
 */

import { dateFieldZh } from './fields'

export const REMINDER_KINDS = ['period_open', 'deadline', 'waiting_end', 'relative_due', 'campaign'] as const
export type ReminderKind = (typeof REMINDER_KINDS)[number]

export const isReminderKind = (value: unknown): value is ReminderKind =>
  typeof value === 'string' && (REMINDER_KINDS as readonly string[]).includes(value)

/** What a planned reminder's template values are made of (the planner and the family reminder know these). */
export interface ReminderFacts {
  year: number
  start?: string
  end?: string
  daysLeft?: number
  benefitStart?: string
  relativeName?: string
}

/** One key of a WeChat template, with the label WeChat shows beside it. */
export interface TemplateField {
  readonly key: string
  readonly labelZh: string
}

/** A field of a reminder Canbao plans itself: its value comes from the facts (before fitting to WeChat's limits). */
export interface PlannedField extends TemplateField {
  readonly value: (facts: ReminderFacts) => string
}

export interface KindInfo<Field extends TemplateField = TemplateField> {
  readonly titleZh: string
  /** what the resident is agreeing to, shown next to the switch on the 提醒 page */
  readonly descriptionZh: string
  /** where a tap on the message lands (a page of this mini-program) */
  readonly page: string
  /** the template's keys in the order WeChat shows them, with their labels */
  readonly fields: readonly Field[]
}

/** The kinds whose values Canbao computes; a campaign's values are written by the office. */
export type PlannedKind = Exclude<ReminderKind, 'campaign'>

const coverage = (facts: ReminderFacts) => `${facts.year}年度城乡居民医保`
const tip = (text: string) => () => text

// Each field's key, label and value side by side: the template's shape is declared once.
export const KIND_INFO: {
  readonly [K in ReminderKind]: KindInfo<K extends PlannedKind ? PlannedField : TemplateField>
} = {
  period_open: {
    titleZh: '参保缴费开始提醒',
    descriptionZh: '本地区居民医保集中缴费期开始的当天提醒您',
    page: 'pages/index/index',
    fields: [
      { key: 'thing1', labelZh: '缴费项目', value: coverage },
      { key: 'date2', labelZh: '开始日期', value: (f) => dateFieldZh(f.start ?? '') },
      { key: 'date3', labelZh: '截止日期', value: (f) => dateFieldZh(f.end ?? '') },
      { key: 'thing4', labelZh: '温馨提示', value: tip('按时缴费，待遇不断档') },
    ],
  },
  deadline: {
    titleZh: '缴费截止提醒',
    descriptionZh: '集中缴费期结束前提醒您（默认提前30天、7天、1天）',
    page: 'pages/index/index',
    fields: [
      { key: 'thing1', labelZh: '缴费项目', value: coverage },
      { key: 'date2', labelZh: '截止日期', value: (f) => dateFieldZh(f.end ?? '') },
      { key: 'thing3', labelZh: '剩余时间', value: (f) => `还剩${f.daysLeft ?? 0}天` },
      { key: 'thing4', labelZh: '温馨提示', value: tip('逾期缴费将有待遇等待期') },
    ],
  },
  waiting_end: {
    titleZh: '待遇生效提醒',
    descriptionZh: '等待期结束、医保待遇开始生效的当天提醒您',
    page: 'pages/index/index',
    fields: [
      { key: 'thing1', labelZh: '参保项目', value: coverage },
      { key: 'date2', labelZh: '生效日期', value: (f) => dateFieldZh(f.benefitStart ?? '') },
      { key: 'thing3', labelZh: '温馨提示', value: tip('从今天起可以享受医保报销') },
    ],
  },
  relative_due: {
    titleZh: '家人缴费提醒',
    descriptionZh: '您绑定的家人下一年度还未缴费时提醒您',
    page: 'pages/family/index',
    fields: [
      { key: 'name1', labelZh: '参保人', value: (f) => f.relativeName ?? '' },
      { key: 'thing2', labelZh: '缴费项目', value: coverage },
      { key: 'date3', labelZh: '截止日期', value: (f) => dateFieldZh(f.end ?? '') },
      { key: 'thing4', labelZh: '温馨提示', value: tip('可在小程序里为家人代缴') },
    ],
  },
  campaign: {
    titleZh: '医保宣传通知',
    descriptionZh: '医保经办机构发布的参保宣传通知（如每年九月全民参保集中宣传月）',
    page: 'pages/index/index',
    fields: [
      { key: 'thing1', labelZh: '通知主题' },
      { key: 'thing2', labelZh: '通知内容' },
      { key: 'date3', labelZh: '截止日期' },
      { key: 'thing4', labelZh: '发布单位' },
    ],
  },
}

/**
 * `requestSubscribeMessage` asks for at most three templates at once; the 提醒 page asks one group per tap so
 * the resident sees a short, related list.
 */
export const TEMPLATE_GROUPS: readonly {
  readonly id: string
  readonly titleZh: string
  readonly kinds: readonly ReminderKind[]
}[] = [
  { id: 'enrollment', titleZh: '缴费期提醒', kinds: ['period_open', 'deadline', 'waiting_end'] },
  { id: 'family', titleZh: '家人缴费提醒', kinds: ['relative_due'] },
  { id: 'campaign', titleZh: '宣传通知', kinds: ['campaign'] },
]

/** Template ids used by local runs and tests; a deployment names its own in REMINDER_TEMPLATE_IDS. */
export const DEV_TEMPLATE_IDS: Readonly<Record<ReminderKind, string>> = {
  period_open: 'dev-tpl-period-open',
  deadline: 'dev-tpl-deadline',
  waiting_end: 'dev-tpl-waiting-end',
  relative_due: 'dev-tpl-relative-due',
  campaign: 'dev-tpl-campaign',
}

/** The values of one reminder's template (before fitting to WeChat's limits), in the template's key order. */
export function reminderValues(kind: PlannedKind, facts: ReminderFacts): Record<string, string> {
  const fields: readonly PlannedField[] = KIND_INFO[kind].fields
  return Object.fromEntries(fields.map((field) => [field.key, field.value(facts)]))
}
