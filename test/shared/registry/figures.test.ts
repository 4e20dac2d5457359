import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluate } from '@canbao/shared/policy/index'
import { enrollmentWindow } from '@canbao/shared/status/enrollment-window'
import { duePeriodReminders } from '@canbao/shared/reminders/schedule'
import {
  enginePeriodsOf,
  figureIssues,
  figureItems,
  tablesFromFigures,
  type ServedFigure,
} from '@canbao/shared/registry/figures'

const SOURCE = {
  docNo: '洪医保发〔2025〕9号',
  title: '通知',
  issuer: '南昌市医疗保障局',
  issuedOn: '2025-08-20',
  link: null,
}
const fig = (over: Partial<ServedFigure>): ServedFigure => ({
  region: '360100',
  year: 2026,
  kind: 'periods',
  value: [],
  source: SOURCE,
  status: 'published',
  publishedAt: '2026-01-01T00:00:00Z',
  ...over,
})

const jiangxi = (paidOn: string) => ({
  province: '36',
  region: '360100',
  year: 2026,
  history: [
    { year: 2025, scheme: 'resident' as const, paidOn: '2024-10-01' },
    { year: 2026, scheme: 'resident' as const, paidOn },
  ],
})

describe('registry figures in the rules engine', () => {
  it('a demo contribution standard marks the cost only, never the cap or the waiting period', () => {
    // 成都: the cap is the province's own 300,000 (000 (三)); only the 400-yuan standard is demo data.
    const tables = tablesFromFigures(
      [fig({ region: '510100', year: 2027, kind: 'contribution', value: 40_000, status: 'demo' })],
      2027,
    )
    const e = evaluate(
      {
        province: '51',
        region: '510100',
        year: 2027,
        history: [{ year: 2027, scheme: 'resident', paidOn: '2026-10-08' }],
      },
      { tables },
    )
    expect(e.ok && e.value.contributionDueFen).toBe(40_000)
    expect(e.ok && e.value.assumptions).toContain('CONTRIBUTION_UNVERIFIED')
    expect(e.ok && e.value.assumptions).not.toContain('REGION_FIGURE_UNVERIFIED')
  })

  it('a window to 02-28 makes a payment on 02-10 on time; without it the D2 default makes it late', () => {
    const without = evaluate(jiangxi('2026-02-10'))
    expect(without.ok && without.value).toMatchObject({ late: true, waitingMonths: 3 })
    const tables = tablesFromFigures([fig({ value: [{ start: '2025-09-15', end: '2026-02-28' }] })], 2026)
    const withWindow = evaluate(jiangxi('2026-02-10'), { tables })
    expect(withWindow.ok && withWindow.value).toMatchObject({ late: false, waitingMonths: 0 })
    // The late step of a payment after the window cites the office's notice.
    const late = evaluate(jiangxi('2026-03-02'), { tables })
    expect(late.ok && late.value.explanation.find((s) => s.code === 'LATE')?.cite).toContain(
      '南昌市医疗保障局 洪医保发〔2025〕9号',
    )
  })

  it('reminder countdowns follow the published window, not the D2 default', () => {
    const tables = tablesFromFigures([fig({ year: 2027, value: [{ start: '2026-09-15', end: '2027-02-28' }] })], 2027)
    expect(duePeriodReminders('36', '360100', '2027-02-21', tables)).toEqual([
      expect.objectContaining({ kind: 'deadline', year: 2027, offset: 7, end: '2027-02-28', daysLeft: 8 }),
    ])
    expect(duePeriodReminders('36', '360100', '2027-02-21')).toEqual([])
    expect(duePeriodReminders('36', '360100', '2026-12-24', tables)).toEqual([])
    expect(duePeriodReminders('36', '360100', '2026-12-24')).toEqual([
      expect.objectContaining({ kind: 'deadline', offset: 7, end: '2026-12-31' }),
    ])
    expect(duePeriodReminders('36', '360100', '2026-09-15', tables)).toEqual([
      expect.objectContaining({ kind: 'period_open', year: 2027 }),
    ])
  })

  it('a figure holds for its coverage year only', () => {
    const tables = tablesFromFigures([fig({ value: [{ start: '2025-09-15', end: '2026-02-28' }] })], 2026)
    expect(enrollmentWindow('36', '360100', 2026, '2026-02-01', tables)).toMatchObject({
      end: '2026-02-28',
      phase: 'open',
      isDefault: false,
    })
    expect(enrollmentWindow('36', '360100', 2027, '2026-10-01', tables)).toMatchObject({
      start: '2026-09-01',
      end: '2026-12-31',
      isDefault: true,
    })
    expect(enrollmentWindow('36', '360100', 2025, '2024-10-01', tables)).toMatchObject({
      end: '2024-12-31',
      isDefault: true,
    })
  })

  it('a province default applies to its prefectures without their own figure; a demo figure is labelled so', () => {
    const figures = [
      fig({ region: '360000', kind: 'contribution', value: 40_000 }),
      fig({
        region: '360200',
        kind: 'contribution',
        value: 41_000,
        status: 'demo',
        source: { ...SOURCE, title: '仅供演示' },
      }),
    ]
    const tables = tablesFromFigures(figures, 2026)
    const nanchang = evaluate(jiangxi('2025-10-10'), { tables })
    expect(nanchang.ok && nanchang.value.contributionDueFen).toBe(40_000)
    const items = figureItems(figures, '36', '360200', 2026)
    expect(items.find((i) => i.kind === 'contribution')).toMatchObject({
      status: 'demo',
      sourceZh: '演示数据：仅供演示',
    })
    expect(items.find((i) => i.kind === 'base-cap')).toMatchObject({
      status: 'missing',
      missingZh: '景德镇市2026年度大病保险原封顶线尚未公布',
    })
  })

  it('the engine reads every window: between two windows a payment is late', () => {
    const tables = tablesFromFigures(
      [
        fig({
          value: [
            { start: '2025-09-01', end: '2025-12-31' },
            { start: '2026-02-01', end: '2026-02-28' },
          ],
        }),
      ],
      2026,
    )
    const between = evaluate(jiangxi('2026-01-15'), { tables })
    expect(between.ok && between.value).toMatchObject({ late: true, waitingMonths: 3 })
    const second = evaluate(jiangxi('2026-02-10'), { tables })
    expect(second.ok && second.value).toMatchObject({ late: false, waitingMonths: 0 })
  })

  it('the engine reads the windows through one conversion, window by window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 100 }),
        (a, gap, b) => {
          const day = (n: number) => new Date(Date.UTC(2025, 6, 1) + n * 86_400_000).toISOString().slice(0, 10)
          const windows = [
            { start: day(0), end: day(a) },
            { start: day(a + gap), end: day(a + gap + b) },
          ]
          expect(figureIssues('360100', 2026, 'periods', windows)).toEqual([])
          const rules = enginePeriodsOf(windows, 2026)
          const text = (bound: { yearOffset: number; month: number; day: number }) =>
            `${2026 + bound.yearOffset}-${String(bound.month).padStart(2, '0')}-${String(bound.day).padStart(2, '0')}`
          expect(rules.map((r) => ({ start: text(r.start), end: text(r.end) }))).toEqual(windows)
          // Overlapping or reversed windows are always refused.
          expect(figureIssues('360100', 2026, 'periods', [windows[1], windows[0]]).length).toBeGreaterThan(0)
        },
      ),
    )
  })
})
