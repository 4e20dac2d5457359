/**
 * No message reaches a resident between 21:00 and 08:00 Beijing time (UTC+8, no daylight saving). A send
 * that falls in that window is deferred to the next 08:00, never dropped.
 */

import { CST_OFFSET_MS } from '../api/dates'

const HOUR_MS = 60 * 60 * 1000
const DAY_MS = 24 * HOUR_MS

export const QUIET_START_HOUR = 21
export const QUIET_END_HOUR = 8

/** Beijing hour (0–23) of an instant. */
export const cstHour = (epochMs: number): number =>
  Math.floor(((((epochMs + CST_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS)

export function isQuietHour(epochMs: number): boolean {
  const hour = cstHour(epochMs)
  return hour >= QUIET_START_HOUR || hour < QUIET_END_HOUR
}

/** The instant sends may resume: `epochMs` itself outside quiet hours, else the coming 08:00 Beijing time. */
export function nextSendableMs(epochMs: number): number {
  if (!isQuietHour(epochMs)) return epochMs
  const cstMidnight = Math.floor((epochMs + CST_OFFSET_MS) / DAY_MS) * DAY_MS - CST_OFFSET_MS
  const morning = cstMidnight + QUIET_END_HOUR * HOUR_MS
  return epochMs < morning ? morning : morning + DAY_MS
}
