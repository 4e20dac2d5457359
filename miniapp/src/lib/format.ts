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
