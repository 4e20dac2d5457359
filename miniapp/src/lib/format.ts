/**
 * The one way the mini-program writes figures, dates and times for a person: thousands separators, 元,
 * dates as 2026年12月31日, and every instant in Beijing time (China Standard Time) whatever zone the phone
 * is set to. No Intl: some WeChat clients lack it, and toLocaleString then prints nothing useful.
 */

import { CST_OFFSET_MS } from '@canbao/shared/api/dates'
import { dateZh } from '@canbao/shared/policy/explain-zh'

/** 300000 → "300,000". */
export function groupDigits(value: number): string {
  const sign = value < 0 ? '-' : ''
  const [whole, fraction] = Math.abs(value).toString().split('.')
  const grouped = (whole ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return sign + grouped + (fraction ? `.${fraction}` : '')
}

/** Whole yuan (caps, bases): 300000 → "300,000元". */
export const yuanText = (yuan: number) => `${groupDigits(yuan)}元`

/** Integer fen (payments, balances): 200000 → "2,000元", 38050 → "380.50元". */
export function fenText(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.round(fen))
  const cents = abs % 100
  return `${sign}${groupDigits(Math.floor(abs / 100))}${cents === 0 ? '' : `.${String(cents).padStart(2, '0')}`}元`
}

/** A calendar date (YYYY-MM-DD, already CST) in prose: "2026年12月31日". */
export const dateText = (date: string): string => dateZh(date)

const pad2 = (n: number) => String(n).padStart(2, '0')

function cstParts(iso: string): { y: number; m: number; d: number; hh: string; mm: string } | null {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return null
  const t = new Date(ms + CST_OFFSET_MS)
  return {
    y: t.getUTCFullYear(),
    m: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    hh: pad2(t.getUTCHours()),
    mm: pad2(t.getUTCMinutes()),
  }
}

/** The Beijing calendar day of an instant: "2026-11-30T17:00:00Z" → "2026年12月1日". */
export function cstDateText(iso: string): string {
  const p = cstParts(iso)
  return p ? `${p.y}年${p.m}月${p.d}日` : ''
}

/**
 * An instant as Beijing wall-clock time: "11月22日 09:05", with the year in front when it is not this
 * (Beijing) year's — an import from last December must not read as this December's.
 */
export function cstMomentText(iso: string, nowMs: number = Date.now()): string {
  const p = cstParts(iso)
  if (!p) return ''
  const thisYear = new Date(nowMs + CST_OFFSET_MS).getUTCFullYear()
  return `${p.y === thisYear ? '' : `${p.y}年`}${p.m}月${p.d}日 ${p.hh}:${p.mm}`
}

/**
 * An instant kept as a record (import history, audit log, an office's decisions) in Beijing time, always
 * with its year: "2026年1月1日 08:00". A log is read months later, when "1月1日" no longer says which year.
 */
export function cstRecordText(iso: string): string {
  const p = cstParts(iso)
  return p ? `${p.y}年${p.m}月${p.d}日 ${p.hh}:${p.mm}` : ''
}

/**
 * A sentence cut into runs, the figures ("304,000元", "3个月", "+6,000元") marked to stay whole: the phone
 * may break Chinese prose between any two characters, and "3个 / 月" or "304000 / 元" over two lines reads
 * as two things. Bare amounts of 4+ digits before 元 get their thousands separators on the way.
 */
export function figureRuns(text: string): { text: string; whole: boolean }[] {
  const runs: { text: string; whole: boolean }[] = []
  const pattern = /[+−-]?\d[\d,]*(?:\.\d+)?(?:元|个月|万元)/g
  let last = 0
  for (const match of text.matchAll(pattern)) {
    const at = match.index ?? 0
    if (at > last) runs.push({ text: text.slice(last, at), whole: false })
    const figure = match[0].replace(/\d{4,}(?=(?:\.\d+)?(?:元|万元)$)/, (digits) => groupDigits(Number(digits)))
    runs.push({ text: figure, whole: true })
    last = at + match[0].length
  }
  if (last < text.length) runs.push({ text: text.slice(last), whole: false })
  return runs
}
