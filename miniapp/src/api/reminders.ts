import { RemindersResponseSchema, type ConsentRequest, type RemindersResponse } from '@canbao/shared/api/reminders'
import type { ReminderKind } from '@canbao/shared/reminders/kinds'
import { api, callApi, type ApiResult } from './client'

export const fetchReminders = (): Promise<ApiResult<RemindersResponse>> =>
  callApi(() => api.api.reminders.$get(), { schema: RemindersResponseSchema })

export const reportConsents = (results: ConsentRequest['results']): Promise<ApiResult<RemindersResponse>> =>
  callApi(() => api.api.reminders.consents.$post({ json: { results } }), { schema: RemindersResponseSchema })

export const switchReminder = (kind: ReminderKind, enabled: boolean): Promise<ApiResult<RemindersResponse>> =>
  callApi(() => api.api.reminders.subscriptions[':kind'].$put({ param: { kind }, json: { enabled } }), {
    schema: RemindersResponseSchema,
  })
