// What the 10-year cap chart shows, without Taro: bars when there are at least two caps to compare, else a
// sentence saying why there is no chart — an empty 190 px box told the resident nothing.

import type { CapPoint } from '@canbao/shared/policy'
import { yuanText } from '../lib/format'

export type CapChartView =
  /** two or more years with a cap: bars, and the years whose cap is unknown named beneath */
  | { kind: 'chart'; points: CapPoint[]; note: string | null }
  /** no chart: the sentence says why, and the one cap that is known (if any) is listed */
  | { kind: 'words'; points: CapPoint[]; text: string }

const UNPUBLISHED = '当地还没有公布大病保险原封顶线'

export function capChartView(series: readonly CapPoint[]): CapChartView {
  const points = series.filter((p) => p.capYuan !== null)
  const unknown = series.filter((p) => p.capYuan === null).map((p) => p.year)
  if (series.length === 0)
    return { kind: 'words', points: [], text: '这个年度之后的限额超出了能推算的年份范围，所以没有画图。' }
  if (points.length === 0)
    return {
      kind: 'words',
      points: [],
      text: `${UNPUBLISHED}，${series[0]?.year}年以后的限额算不出具体金额，所以没有画图。连续参保的年数照常累计，金额以当地医保部门公布为准。`,
    }
  if (points.length === 1) {
    const only = points[0] as CapPoint
    const cap = yuanText(only.capYuan as number)
    return {
      kind: 'words',
      points,
      text:
        series.length === 1
          ? `只能推算${only.year}年一个年度（${cap}），没有变化可画。`
          : `只有${only.year}年能算出限额（${cap}）；其余年度${UNPUBLISHED}，算不出金额，所以没有画图。`,
    }
  }
  return {
    kind: 'chart',
    points,
    note: unknown.length ? `${unknown.join('、')}年${UNPUBLISHED}，图中没有这几年。` : null,
  }
}

/**
 * The x-axis names full years ("2027", not "27": a two-digit year read as an age). Where a full year is wider
 * than a bar's slot (大字模式, ten years on a narrow phone), every `n`-th year is named, counted back from the
 * last so the final year always is.
 */
export function axisLabelEvery(slotWidth: number, labelWidth: number): number {
  if (slotWidth <= 0) return 1
  return Math.max(1, Math.ceil((labelWidth + 4) / slotWidth))
}

export const showsAxisLabel = (index: number, count: number, every: number): boolean =>
  (count - 1 - index) % every === 0

/**
 * A bar's height over a y-axis that starts at 0, so it is proportional to the cap: elders read bar height
 * literally, and an axis starting near the smallest cap drew a 12% rise as a doubling (review 15).
 */
export function barHeight(capYuan: number, maxYuan: number, plotHeight: number): number {
  if (maxYuan <= 0 || plotHeight <= 0) return 0
  return (Math.max(0, capYuan) / maxYuan) * plotHeight
}

/** The chart's title names the years it shows: "继续连续参保10年" over 11 bars (this year and ten more) did not add up. */
export function capChartTitle(series: readonly CapPoint[]): string {
  const first = series[0]?.year
  const last = series[series.length - 1]?.year
  if (first === undefined || last === undefined || first === last) return '继续连续参保，限额会这样变化'
  return `${first}年至${last}年继续连续参保，限额会这样变化`
}
