import { HistoryResponseSchema, type HistoryRequest, type HistoryResponse } from '@canbao/shared/api/history'
import { api, callApi, type ApiResult } from './client'

/** The resident's own payment years (我的参保年度), as the calculator, home and records read them. */
export const fetchHistory = (): Promise<ApiResult<HistoryResponse>> =>
  callApi(() => api.api.me.history.$get(), { schema: HistoryResponseSchema })

export const saveHistory = (body: HistoryRequest): Promise<ApiResult<HistoryResponse>> =>
  callApi(() => api.api.me.history.$put({ json: body }), { schema: HistoryResponseSchema })
