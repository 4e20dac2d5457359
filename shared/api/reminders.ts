/**
 * The reminders API: what a resident agreed to receive (one-time subscription allowances), and the
 * campaigns an insurance office sends to the residents of its area.
 */

import * as v from 'valibot'
import { REMINDER_KINDS } from '../reminders/kinds'
import { dateSchema, queryIntSchema, textSchema, unknownFieldMessage, yearSchema } from './common'

/** What `requestSubscribeMessage` answers per template id. */
export const SUBSCRIBE_RESULTS = ['accept', 'reject', 'ban', 'filter'] as const
export type SubscribeResult = (typeof SUBSCRIBE_RESULTS)[number]

const templateIdSchema = v.pipe(v.string('模板编号必须是文字'), v.regex(/^[A-Za-z0-9_-]{1,64}$/, '模板编号格式不正确'))

/** The mini-program reports every template's result of one `requestSubscribeMessage` call. */
export const ConsentRequestSchema = v.strictObject(
  {
    results: v.pipe(
      v.array(
        v.strictObject(
          {
            templateId: templateIdSchema,
            result: v.picklist(SUBSCRIBE_RESULTS, '订阅结果只能是 accept、reject、ban 或 filter'),
          },
          unknownFieldMessage,
        ),
        '订阅结果必须是列表',
      ),
      v.minLength(1, '请至少提交一个订阅结果'),
      // WeChat asks for at most three templates at a time.
      v.maxLength(3, '一次最多提交 3 个订阅结果'),
    ),
  },
  unknownFieldMessage,
)
export type ConsentRequest = v.InferOutput<typeof ConsentRequestSchema>

export const SubscriptionChangeSchema = v.strictObject(
  { enabled: v.boolean('开关必须是 true 或 false') },
  unknownFieldMessage,
)
export const ReminderKindParamSchema = v.object({ kind: v.picklist(REMINDER_KINDS) })

export const ReminderTemplateViewSchema = v.object({
  kind: v.picklist(REMINDER_KINDS),
  templateId: v.string(),
  titleZh: v.string(),
  descriptionZh: v.string(),
  /** messages WeChat lets us send: one per `accept` */
  allowance: v.number(),
  /** false: the resident switched this reminder off on the 提醒 page */
  enabled: v.boolean(),
  lastResult: v.nullable(v.picklist(SUBSCRIBE_RESULTS)),
  lastResultAt: v.nullable(v.string()),
})
export type ReminderTemplateView = v.InferOutput<typeof ReminderTemplateViewSchema>

export const RemindersResponseSchema = v.object({
  groups: v.array(v.object({ id: v.string(), titleZh: v.string(), templates: v.array(ReminderTemplateViewSchema) })),
  quietHoursZh: v.string(),
})
export type RemindersResponse = v.InferOutput<typeof RemindersResponseSchema>

/** Campaign audiences an office can choose. */
export const CAMPAIGN_AUDIENCES = ['all', 'unpaid'] as const
export type CampaignAudience = (typeof CAMPAIGN_AUDIENCES)[number]

/**
 * Characters that make a text read differently from what it is (issue 13): bidi controls reorder it (a sender
 * "医保局" can display as something else), zero-width characters hide inside words and defeat review, and a lone
 * surrogate half is not text at all (WeChat shows a box or refuses the message). Each is named in the message.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u
const ZERO_WIDTH = /[\u180e\u200b-\u200d\u2060-\u2064\ufeff]/u
// with the u flag, a surrogate range matches only a half without its partner
const LONE_SURROGATE = /[\ud800-\udfff]/u

/** Text a campaign sends to residents: short, and exactly what it looks like. */
export const campaignTextSchema = (label: string, max: number) =>
  v.pipe(
    textSchema(label, max),
    v.check(
      (text) => !BIDI_CONTROLS.test(text),
      `${label}里有改变文字显示方向的控制字符（如 U+202E），请删除后重新输入`,
    ),
    v.check((text) => !ZERO_WIDTH.test(text), `${label}里有看不见的零宽字符（如 U+200B），请删除后重新输入`),
    v.check(
      (text) => !LONE_SURROGATE.test(text),
      `${label}里有残缺的字符（不成对的代理项），可能是复制时截断了表情符号，请重新输入`,
    ),
  )

export const CampaignRequestSchema = v.strictObject(
  {
    /** WeChat shows at most 20 characters of a thing field: the office sees the limit instead of a cut text */
    title: campaignTextSchema('通知主题', 20),
    content: campaignTextSchema('通知内容', 20),
    deadline: dateSchema('截止日期'),
    sender: v.optional(campaignTextSchema('发布单位', 20)),
    audience: v.picklist(CAMPAIGN_AUDIENCES, '请选择发送对象：全部居民，或尚未缴纳下一年度的居民'),
    /** the coverage year "not yet paid" refers to; default: the year after today's */
    year: v.optional(yearSchema('缴费年度')),
    /** a province office may narrow the campaign to one prefecture */
    region: v.optional(v.pipe(v.string('地区必须是行政区划代码'), v.regex(/^\d{6}$/, '地区应为 6 位行政区划代码'))),
  },
  unknownFieldMessage,
)
export type CampaignRequest = v.InferOutput<typeof CampaignRequestSchema>

export const CampaignIdParamSchema = v.object({ id: v.pipe(v.string(), v.regex(/^cmp_[0-9a-f]{32}$/)) })
export const CampaignListQuerySchema = v.object({ limit: v.optional(queryIntSchema('每页条数', 1, 100)) })

export const CampaignCountersSchema = v.object({
  /** audience members found so far */
  audience: v.number(),
  queued: v.number(),
  sent: v.number(),
  failed: v.number(),
  /** no allowance (never subscribed, switched off, or WeChat answered 43101) */
  skipped: v.number(),
  /** waiting for 08:00 Beijing time */
  deferred: v.number(),
})
export type CampaignCounters = v.InferOutput<typeof CampaignCountersSchema>

export const MessagePreviewSchema = v.object({
  templateTitleZh: v.string(),
  fields: v.array(v.object({ key: v.string(), labelZh: v.string(), value: v.string() })),
  page: v.string(),
})
export type MessagePreview = v.InferOutput<typeof MessagePreviewSchema>

export const CampaignViewSchema = v.object({
  id: v.string(),
  scope: v.string(),
  title: v.string(),
  audience: v.picklist(CAMPAIGN_AUDIENCES),
  year: v.number(),
  status: v.picklist(['planning', 'sending', 'done', 'failed']),
  createdAt: v.string(),
  counters: CampaignCountersSchema,
  preview: MessagePreviewSchema,
  /** a failed campaign: what happened and what the office can do, in Chinese */
  failureZh: v.optional(v.string()),
  /** a failed campaign that POST /api/campaigns/:id/resume continues where it stopped */
  resumable: v.optional(v.boolean()),
})
export type CampaignView = v.InferOutput<typeof CampaignViewSchema>

export const CampaignResponseSchema = v.object({ campaign: CampaignViewSchema })
export const CampaignListResponseSchema = v.object({ campaigns: v.array(CampaignViewSchema) })
export const PreviewResponseSchema = v.object({ preview: MessagePreviewSchema })
