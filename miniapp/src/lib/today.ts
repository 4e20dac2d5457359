import { cstDate } from '@canbao/shared/api/dates'

/** Today's date in China Standard Time, whatever time zone the phone is set to. */
export function todayCst(nowMs: number = Date.now()): string {
  return cstDate(nowMs)
}

/** Whole days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}
