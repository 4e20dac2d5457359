import { Hono } from 'hono'
import {
  ConsentRequestSchema,
  ReminderKindParamSchema,
  RemindersResponseSchema,
  SubscriptionChangeSchema,
  type RemindersResponse,
} from '@canbao/shared/api/reminders'
import { KIND_INFO, TEMPLATE_GROUPS } from '@canbao/shared/reminders/kinds'
import type { AppEnv } from '../env'
import { listSubscriptions, recordConsents, setSubscriptionEnabled } from '../db/reminders'
import { noStore, requireUser } from '../middleware'
import { describe } from '../openapi/describe'
import { isoNow } from '../lib/clock'
import { ApiError } from '../lib/errors'
import { DEFAULT_JSON_LIMIT, jsonBody, limitBody, paramOf } from '../lib/validate'
import { kindOfTemplate, templateIds } from '../reminders/config'
import type { Env } from '../env'

async function view(env: Env, userId: string): Promise<RemindersResponse> {
  const ids = templateIds(env)
  const rows = new Map((await listSubscriptions(env.DB, userId)).map((r) => [r.kind, r]))
  return {
    groups: TEMPLATE_GROUPS.map((g) => ({
      id: g.id,
      titleZh: g.titleZh,
      templates: g.kinds.flatMap((kind) => {
        const templateId = ids[kind]
        if (templateId === undefined) return []
        const row = rows.get(kind)
        // An allowance given for an older template of this kind cannot be used with the current one.
        const current = row !== undefined && row.templateId === templateId
        return [
          {
            kind,
            templateId,
            titleZh: KIND_INFO[kind].titleZh,
            descriptionZh: KIND_INFO[kind].descriptionZh,
            allowance: current ? row.allowance : 0,
            enabled: row === undefined ? true : row.enabled === 1,
            lastResult: row?.lastResult ?? null,
            lastResultAt: row?.lastResultAt ?? null,
          },
        ]
      }),
    })).filter((g) => g.templates.length > 0),
    quietHoursZh: '晚上 9 点到早上 8 点不发送提醒，到了早上 8 点再发。',
  }
}

export const reminderRoutes = new Hono<AppEnv>()
  .use(noStore)
  .use(requireUser)
  .get(
    '/',
    describe({
      summary: '我的提醒订阅',
      description: '每种提醒的微信订阅模板、剩余可发送次数（每次“允许”一次）和开关。',
      ok: { 200: { schema: RemindersResponseSchema, description: '按模板分组的订阅情况' } },
    }),
    async (c) => {
      return c.json(await view(c.env, c.get('user').id), 200)
    },
  )
  /** What `requestSubscribeMessage` answered, per template, right after the resident's tap. */
  .post(
    '/consents',
    describe({
      summary: '上报 requestSubscribeMessage 的结果',
      description: '每个模板的 accept/reject/ban/filter。一次 accept 增加一次可发送次数。',
      ok: { 200: { schema: RemindersResponseSchema, description: '更新后的订阅情况' } },
    }),
    limitBody(DEFAULT_JSON_LIMIT),
    jsonBody(ConsentRequestSchema),
    async (c) => {
      const body = c.req.valid('json')
      const results = body.results.map((r, i) => {
        const kind = kindOfTemplate(c.env, r.templateId)
        if (kind === null) {
          throw new ApiError('VALIDATION_FAILED', undefined, [
            {
              path: `results.${i}.templateId`,
              code: 'UNKNOWN_TEMPLATE',
              message: '这个提醒已停用，请刷新页面后重新订阅',
            },
          ])
        }
        return { kind, templateId: r.templateId, result: r.result }
      })
      await recordConsents(c.env.DB, c.get('user').id, results, isoNow())
      return c.json(await view(c.env, c.get('user').id), 200)
    },
  )
  .put(
    '/subscriptions/:kind',
    describe({
      summary: '打开或关闭一种提醒',
      ok: { 200: { schema: RemindersResponseSchema, description: '更新后的订阅情况' } },
    }),
    paramOf(ReminderKindParamSchema),
    limitBody(DEFAULT_JSON_LIMIT),
    jsonBody(SubscriptionChangeSchema),
    async (c) => {
      const { kind } = c.req.valid('param')
      const templateId = templateIds(c.env)[kind]
      if (templateId === undefined) throw new ApiError('NOT_FOUND')
      await setSubscriptionEnabled(c.env.DB, c.get('user').id, kind, templateId, c.req.valid('json').enabled, isoNow())
      return c.json(await view(c.env, c.get('user').id), 200)
    },
  )
