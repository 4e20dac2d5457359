import { EntitlementResponseSchema, type EntitlementResponse } from '@canbao/shared/api/entitlement'
import type { HistoryResponse } from '@canbao/shared/api/history'
import { readStored, writeStored } from '../lib/storage'
import { api, callApi, type ApiResult } from './client'
import { fetchHistory } from './history'

/** What the status page shows: this coverage year and the next, and where each record came from. */
export interface StatusSnapshot {
  userId: string
  fetchedAtMs: number
  today: string
  thisYear: EntitlementResponse
  nextYear: EntitlementResponse
  history: HistoryResponse
}

const cacheKey = (userId: string) => `canbao.status.${userId}`

export function cachedStatus(userId: string): StatusSnapshot | undefined {
  const snapshot = readStored<StatusSnapshot>(cacheKey(userId))
  return snapshot?.userId === userId ? snapshot : undefined
}

export async function fetchStatus(
  userId: string,
  today: string,
  nowMs: number = Date.now(),
): Promise<ApiResult<StatusSnapshot>> {
  const year = Number(today.slice(0, 4))
  const [thisYear, nextYear, history] = await Promise.all([
    callApi<EntitlementResponse>(() => api.api.me.entitlement.$get({ query: { year } }), {
      schema: EntitlementResponseSchema,
    }),
    callApi<EntitlementResponse>(() => api.api.me.entitlement.$get({ query: { year: year + 1 } }), {
      schema: EntitlementResponseSchema,
    }),
    fetchHistory(),
  ])
  if (!thisYear.ok) return thisYear
  if (!nextYear.ok) return nextYear
  if (!history.ok) return history
  const snapshot: StatusSnapshot = {
    userId,
    fetchedAtMs: nowMs,
    today,
    thisYear: thisYear.data,
    nextYear: nextYear.data,
    history: history.data,
  }
  // Kept so the page still answers "am I covered?" on a train with no signal, with the figures' age shown.
  writeStored(cacheKey(userId), snapshot)
  return { ok: true, data: snapshot }
}
