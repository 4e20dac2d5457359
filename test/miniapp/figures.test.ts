import { describe, expect, it } from 'vitest'
import type { FigureSet } from '../../shared/registry/figures'
import { figureItems } from '../../shared/registry/figures'
import { evaluate } from '../../shared/policy'
import { figureContext } from '../../miniapp/src/lib/figure-context'
import { calculate, defaultForm } from '../../miniapp/src/pages/calculator/model'
import { figureLine, windowFor, yearCard } from '../../miniapp/src/pages/index/status-model'
import type { EntitlementResponse } from '../../shared/api/entitlement'

const SOURCE = {
  docNo: '洪医保发〔2025〕9号',
  title: '关于做好集中参保工作的通知',
  issuer: '南昌市医疗保障局',
  issuedOn: '2025-08-20',
  link: null,
}
const set = (figures: FigureSet['figures'], version = 7): FigureSet => ({
  version,
  updatedAt: '2026-03-01T02:00:00.000Z',
  province: '36',
  figures,
})
const window2026 = {
  region: '360100',
  year: 2026,
  kind: 'periods' as const,
  value: [{ start: '2025-09-15', end: '2026-02-28' }],
  source: SOURCE,
  status: 'published' as const,
  publishedAt: '2026-03-01T02:00:00.000Z',
}

describe('downloaded region figures on the phone', () => {
  it('the calculator uses them for the resident region and says which version it uses', () => {
    const form = { ...defaultForm('2026-02-10'), province: '36' as const, year: 2026, paidOn: '2026-02-10' }
    const none = figureContext(undefined, '36', 2026, '360100')
    expect(none.versionZh).toBe('还没有下载当地最新数据，先按本助手自带的数据计算')
    const offline = calculate(form, none)
    expect(offline.ok && offline.value.evaluation.late).toBe(true)

    const ctx = figureContext({ set: set([window2026]), etag: '"figures-7-36"', fetchedAtMs: 0 }, '36', 2026, '360100')
    expect(ctx.versionZh).toBe('地区数据第7版（2026年3月1日更新）')
    const withWindow = calculate(form, ctx)
    expect(withWindow.ok && withWindow.value.evaluation).toMatchObject({ late: false })
    // A resident of another province gets the province's figures, not their own region's.
    expect(
      figureContext({ set: set([window2026]), etag: null, fetchedAtMs: 0 }, '36', 2026, '510100').region,
    ).toBeUndefined()
  })

  it('the home card opens a published figure source on tap and names a missing figure exactly', () => {
    const items = figureItems([window2026], '36', '360100', 2026)
    const period = figureLine(items.find((i) => i.kind === 'periods')!)
    expect(period.text).toBe('集中参保期：2025年9月15日至2026年2月28日（南昌市医疗保障局 洪医保发〔2025〕9号）')
    expect(period.sourceDetail).toContain('关于做好集中参保工作的通知')
    // Review 22: the issue date as a resident writes it, not a raw ISO date.
    expect(period.sourceDetail).toContain('发文日期：2025年8月20日')
    expect(period.sourceDetail).not.toMatch(/\d{4}-\d{2}-\d{2}/)
    const base = figureLine(items.find((i) => i.kind === 'base-cap')!)
    expect(base).toMatchObject({
      status: 'missing',
      text: '南昌市2026年度大病保险原封顶线尚未公布',
      sourceDetail: null,
    })
  })

  it('with the base cap missing the card still shows what is certain', () => {
    const e = evaluate({
      province: '14',
      year: 2031,
      history: [2025, 2026, 2027, 2028, 2029, 2030, 2031].map((y) => ({
        year: y,
        scheme: 'resident',
        paidOn: `${y - 1}-10-01`,
        fundPaidFen: 100,
      })),
    })
    if (!e.ok) throw new Error('engine refused')
    const answer = {
      year: 2031,
      asOf: '2031-01-01',
      evaluation: e.value,
      explanationZh: [],
      assumptionsZh: [],
      suppliedFigures: [],
      whatIf: { enrollToday: null, backPay: null, stayEnrolled: [] },
    } as EntitlementResponse
    const card = yearCard(answer)
    // No amount without the base: 暂时算不出, and the one plain line says what is certain.
    expect(card.capText).toBe('暂时算不出')
    expect(card.figures.find((f) => f.kind === 'cap')?.unpublished).toContain('您的限额比原封顶线高9,000元')
  })

  it('the home countdown follows the downloaded period', () => {
    const e = evaluate({ province: '36', region: '360100', year: 2026, history: [] })
    if (!e.ok) throw new Error('engine refused')
    const answer = { year: 2026, evaluation: e.value } as EntitlementResponse
    const ctx = figureContext({ set: set([window2026]), etag: null, fetchedAtMs: 0 }, '36', 2026, '360100')
    expect(windowFor(answer, '360100', '2026-02-10', ctx.tables)).toMatchObject({
      phase: 'open',
      daysLeft: 19,
      end: '2026-02-28',
    })
    expect(windowFor(answer, '360100', '2026-02-10')).toMatchObject({ phase: 'closed' })
  })
})
