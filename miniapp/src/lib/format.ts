/**
 * Thousands separators without Intl: some WeChat clients have no Intl, and toLocaleString then
 * prints nothing useful. 300000 → "300,000".
 */
export function groupDigits(value: number): string {
  const sign = value < 0 ? '-' : ''
  const [whole, fraction] = Math.abs(value).toString().split('.')
  const grouped = (whole ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return sign + grouped + (fraction ? `.${fraction}` : '')
}

export const yuanText = (yuan: number) => `${groupDigits(yuan)}元`

const CST_OFFSET_MS = 8 * 60 * 60 * 1000
const pad2 = (n: number) => String(n).padStart(2, '0')

/** An instant as Beijing wall-clock time, e.g. "11月22日 09:05" — whatever zone the phone is set to. */
export function cstMomentText(iso: string): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return ''
  const d = new Date(ms + CST_OFFSET_MS)
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`
}
