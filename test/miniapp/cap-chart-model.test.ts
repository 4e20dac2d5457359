import { describe, expect, it } from 'vitest'
import type { CapPoint } from '@canbao/shared/policy'
import {
  axisLabelEvery,
  barHeight,
  capChartTitle,
  capChartView,
  showsAxisLabel,
} from '../../miniapp/src/components/cap-chart-model'

const point = (year: number, capYuan: number | null): CapPoint => ({
  year,
  capYuan,
  capFen: capYuan === null ? null : capYuan * 100,
  continuousSteps: 0,
  zeroClaimSteps: 0,
})

describe('the 10-year cap chart never leaves an empty box', () => {
  it('draws bars when two or more years have a cap, naming the years without one', () => {
    const view = capChartView([point(2027, 300000), point(2028, null), point(2029, 304000)])
    expect(view.kind).toBe('chart')
    expect(view.points.map((p) => p.year)).toEqual([2027, 2029])
    expect(view.kind === 'chart' && view.note).toBe('2028年当地还没有公布大病保险原封顶线，图中没有这几年。')
  })

  it('says why in words when no year has a cap (the base cap is unpublished)', () => {
    const view = capChartView([point(2027, null), point(2028, null)])
    expect(view).toMatchObject({ kind: 'words', points: [] })
    expect(view.kind === 'words' && view.text).toMatch(
      /^当地还没有公布大病保险原封顶线，2027年以后的限额算不出具体金额/,
    )
  })

  it('says why in words when only one year has a cap, with that cap', () => {
    const one = capChartView([point(2027, 300000)])
    expect(one.kind === 'words' && one.text).toBe('只能推算2027年一个年度（300,000元），没有变化可画。')
    const rest = capChartView([point(2027, 300000), point(2028, null)])
    expect(rest.kind === 'words' && rest.text).toMatch(/^只有2027年能算出限额（300,000元）；其余年度当地还没有公布/)
  })

  it('says why when there is no projection at all', () => {
    expect(capChartView([])).toMatchObject({ kind: 'words', text: expect.stringContaining('没有画图') })
  })
})

describe('the chart x-axis', () => {
  it('names every year in full where it fits, else every n-th counted back from the last', () => {
    // 11 bars on 360 px: a 24 px "2030" fits a 32 px slot.
    expect(axisLabelEvery(360 / 11, 24)).toBe(1)
    // 大字模式: a 31 px label does not; every second year is named, the last always.
    const every = axisLabelEvery(330 / 11, 31)
    expect(every).toBe(2)
    const shown = Array.from({ length: 11 }, (_, i) => 2027 + i).filter((_, i) => showsAxisLabel(i, 11, every))
    expect(shown).toEqual([2027, 2029, 2031, 2033, 2035, 2037])
  })
})

describe('the chart reads true (review 15)', () => {
  it('bar heights are proportional to the cap: the axis starts at 0', () => {
    const plot = 150
    const low = barHeight(304000, 340000, plot)
    const high = barHeight(340000, 340000, plot)
    expect(high).toBe(plot)
    // a 12% rise looks like 12%, not a doubling
    expect(low / high).toBeCloseTo(304000 / 340000, 6)
    expect(barHeight(0, 340000, plot)).toBe(0)
  })

  it('the title names the years drawn, first to last', () => {
    const series = Array.from({ length: 11 }, (_, i) => point(2027 + i, 300000 + 4000 * i))
    expect(capChartTitle(series)).toBe('2027年至2037年继续连续参保，限额会这样变化')
    expect(capChartTitle(series)).not.toMatch(/10年/)
  })
})
