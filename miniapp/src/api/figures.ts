import * as v from 'valibot'
import { FigureSetSchema, type FigureSet } from '@canbao/shared/registry/figures'
import { saveFigureSet, storedFigureSet, type StoredFigureSet } from '../lib/figures'
import { currentSession } from '../lib/session'
import { api } from './client'

/**
 * Brings the stored figure set of a province up to date: an unchanged set costs a 304. Offline, signed out
 * or on any failure the stored copy (or none) stays in use — figures never block a calculation.
 */
export async function refreshFigureSet(
  province: string,
  nowMs: number = Date.now(),
): Promise<StoredFigureSet | undefined> {
  const stored = storedFigureSet(province)
  if (!currentSession()) return stored
  try {
    const res = await api.api.figures.$get(
      { query: { province: province as '51' } },
      { headers: stored?.etag ? { 'If-None-Match': stored.etag } : {} },
    )
    if (res.status === 304) return stored
    if (!res.ok) return stored
    // Awaited apart: an `await` inside the call's arguments makes Babel's regenerator copy the whole `v`
    // namespace into a temporary, and webpack then keeps every valibot export (90 KB) in the main package.
    const body = await res.json()
    const parsed = v.safeParse(FigureSetSchema, body)
    if (!parsed.success) return stored
    const fresh: StoredFigureSet = {
      set: parsed.output as FigureSet,
      etag: res.headers.get('etag'),
      fetchedAtMs: nowMs,
    }
    saveFigureSet(fresh)
    return fresh
  } catch {
    return stored
  }
}
