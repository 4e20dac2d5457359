import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { dateZh } from '../../shared/policy'
import { entitlementFor } from '../../functions/src/domain/entitlement'
import { makeSnapshot } from '../../functions/src/registry/snapshot'
import { mergeHistory } from '../../functions/src/domain/merge'
import type { RecordEntry, ResidentData } from '../../functions/src/db/history'
import type { HistoryResponse } from '../../shared/api/history'
import { explainLines, stepsFor } from '../../shared/texts/explain-view-zh'
import {
  capRelation,
  capText,
  capValue,
  dataTimeZh,
  homeAnswer,
  provenanceText,
} from '../../miniapp/src/pages/index/status-model'

// The home model is fed exactly what GET /api/me/entitlement and /api/me/history answer: the Worker's own
// entitlementFor and mergeHistory, on the day the answer was computed for.

type Row = { year: number; scheme?: 'resident' | 'employee'; paidOn?: string; fund?: number; endedOn?: string }
const row = (r: Row): RecordEntry => ({
  year: r.year,
  scheme: r.scheme ?? 'resident',
  ...(r.paidOn !== undefined ? { paidOn: r.paidOn } : {}),
  ...(r.fund !== undefined ? { fundPaidFen: r.fund } : {}),
  ...(r.endedOn !== undefined ? { endedOn: r.endedOn } : {}),
})

function resident(province: string, region: string | null, self: Row[], backPaidYears: number[] = []): ResidentData {
  return {
    profile: {
      name: '测试',
      idHash: 'h',
      idMasked: 'm',
      birthDate: '1980-06-15',
      province,
      region,
      updatedAt: '2026-01-01T00:00:00Z',
    },
    groups: [],
    backPaidYears,
    self: self.map(row),
    office: [],
    family: [],
  }
}

function snapshotFor(data: ResidentData, today: string) {
  const year = Number(today.slice(0, 4))
  const merged = mergeHistory(data.self, data.office, data.backPaidYears, data.family)
  const history: HistoryResponse = {
    history: merged.items,
    groups: data.groups,
    backPaidYears: merged.backPaidYears,
    overriddenSelfYears: merged.overriddenSelfYears,
    ignoredBackPaidYears: merged.ignoredBackPaidYears,
  }
  // The built-in figures: no office has published any in these histories.
  const registry = makeSnapshot(0, '', [])
  return {
    thisYear: entitlementFor(data, { year }, today, registry),
    nextYear: entitlementFor(data, { year: year + 1 }, today, registry),
    history,
  }
}

const TODAY = '2026-12-01'

describe('home answer: the same engine call the entitlement API makes', () => {
  it('a new user reads the waiting period the API gives for paying today, not "不断档"', () => {
    const snap = snapshotFor(resident('51', '510100', []), TODAY)
    const now = snap.nextYear.whatIf.enrollToday
    expect(now).toMatchObject({ year: 2027, waitingMonths: 5, benefitStart: '2027-06-01', capYuan: 292000 })
    const home = homeAnswer(snap, '510100')
    expect(home.action.kind).toBe('declare')
    expect(home.action.detail).toContain('5个月待遇等待期，2027年6月1日起享受待遇')
    expect(home.action.detail).not.toContain('不断档')
    expect(home.action.figures.find((f) => f.kind === 'cap')?.value).toBe('292,000元')
    expect(home.provenance).toContain('我的参保年度')
  })

  it('a resident paid up to 2026 is asked to pay 2027 by the window end, with no waiting', () => {
    const snap = snapshotFor(
      resident('51', '510100', [
        { year: 2025, paidOn: '2024-11-01', fund: 0 },
        { year: 2026, paidOn: '2025-11-01', fund: 0 },
      ]),
      TODAY,
    )
    const home = homeAnswer(snap, '510100')
    expect(home.action.kind).toBe('pay')
    expect(home.action.detail).toContain('请在2026年12月31日前缴费')
    // 成都 has published no period: the deadline is the default's, and the text says it is an estimate.
    expect(home.action.detail).toContain('这是按默认参保期估计的截止日')
    expect(home.action.detail).toContain('2027年1月1日起享受待遇，没有等待期，不断档')
    expect(home.action.facts).toMatchObject({
      waitingMonths: 0,
      benefitStart: '2027-01-01',
      capYuan: snap.nextYear.whatIf.enrollToday?.capYuan,
    })
  })

  it('an unpublished period is said as an estimate, never as an exact day count', () => {
    const snap = snapshotFor(resident('51', '510100', [{ year: 2026, paidOn: '2025-11-01' }]), TODAY)
    const home = homeAnswer(snap, '510100')
    expect(home.window?.isDefault).toBe(true)
    expect(home.windowText).not.toMatch(/还剩\d+天/)
    expect(home.windowText).toContain('当地还没有公布2027年度集中参保期')
    expect(home.windowText).toContain('按往年通常估计为2026年9月1日至2026年12月31日')
  })

  it('a zero-claim year not over yet is only a condition: the headline is the cap already earned', () => {
    const snap = snapshotFor(
      resident('51', '510100', [
        { year: 2025, paidOn: '2024-11-01', fund: 0 },
        { year: 2026, paidOn: '2025-11-01', fund: 0 },
        { year: 2027, paidOn: '2026-09-15' },
      ]),
      TODAY,
    )
    // The API counts 2026 as a zero-claim year although it runs to 31 December.
    expect(snap.nextYear.evaluation.capYuan).toBe(308000)
    const [card2026, card2027] = homeAnswer(snap, '510100').cards
    const cap2027 = card2027?.figures.find((f) => f.kind === 'cap')
    expect(cap2027?.value).toBe('304,000元')
    expect(card2027?.capText).toBe('304,000元')
    expect(cap2027?.condition).toContain('如2026年全年没有报销，2027年度限额为308,000元')
    expect(cap2027?.condition).toContain('年底才能确定')
    expect(cap2027?.lines.at(-1)?.sentence).toContain('如2026年全年没有报销')
    // 2025 is over: its zero-claim step is earned and the 2026 card states it as a fact.
    const cap2026 = card2026?.figures.find((f) => f.kind === 'cap')
    expect(cap2026?.value).toBe('304,000元')
    expect(cap2026?.condition ?? null).toBeNull()
  })

  it('paying today: the action states the earned cap, the conditional one marked on its figure', () => {
    const snap = snapshotFor(
      resident('51', '510100', [
        { year: 2025, paidOn: '2024-11-01', fund: 0 },
        { year: 2026, paidOn: '2025-11-01', fund: 0 },
      ]),
      TODAY,
    )
    const home = homeAnswer(snap, '510100')
    expect(home.action.kind).toBe('pay')
    expect(home.action.detail).toContain('大病保险最高支付限额304,000元')
    const cap = home.action.figures.find((f) => f.kind === 'cap')
    expect(cap?.value).toBe('304,000元')
    expect(cap?.condition).toContain('如2026年全年没有报销，2027年度限额为308,000元')
  })

  it('the earned figure and its explanation are the API answer, not recomputed on the phone', () => {
    const snap = snapshotFor(
      resident('51', '510100', [
        { year: 2025, paidOn: '2024-11-01', fund: 0 },
        { year: 2026, paidOn: '2025-11-01', fund: 0 },
        { year: 2027, paidOn: '2026-09-15' },
      ]),
      TODAY,
    )
    const earned = snap.nextYear.pendingZeroClaim?.earned
    expect(earned?.capYuan).toBe(304000)
    // Whatever the API says was earned is what the card says, with the API's steps behind a tap.
    const told = {
      ...snap.nextYear,
      pendingZeroClaim: { years: [2026], earned: { ...earned!, capYuan: 305000 }, enrollTodayEarned: null },
    }
    const cap = homeAnswer({ ...snap, nextYear: told }, '510100').cards[1]?.figures.find((f) => f.kind === 'cap')
    expect(cap?.value).toBe('305,000元')
    expect(cap?.condition).toContain('2027年度限额为308,000元')
    expect(cap?.lines.length).toBe(explainLines(stepsFor('cap', earned!.explanation)).length + 1)
    // No block: the API says nothing is conditional, and the card shows its figure as a fact.
    const { pendingZeroClaim: _dropped, ...plain } = snap.nextYear
    const card = homeAnswer({ ...snap, nextYear: plain }, '510100').cards[1]
    expect(card?.capText).toBe('308,000元')
    expect(card?.figures.find((f) => f.kind === 'cap')?.condition ?? null).toBeNull()
  })

  it('after the year ends the same records earn the step: no condition is shown', () => {
    const snap = snapshotFor(
      resident('51', '510100', [
        { year: 2025, paidOn: '2024-11-01', fund: 0 },
        { year: 2026, paidOn: '2025-11-01', fund: 0 },
        { year: 2027, paidOn: '2026-09-15' },
      ]),
      '2027-01-05',
    )
    const cap = homeAnswer(snap, '510100').cards[0]?.figures.find((f) => f.kind === 'cap')
    expect(cap?.value).toBe('308,000元')
    expect(cap?.condition ?? null).toBeNull()
  })

  it('a gap year before a paid year offers the back-payment the API computed', () => {
    const snap = snapshotFor(
      resident('51', '510100', [
        { year: 2025, paidOn: '2024-11-01' },
        { year: 2027, paidOn: '2026-11-10' },
      ]),
      TODAY,
    )
    const repair = snap.nextYear.whatIf.backPay
    expect(repair?.years).toEqual([2026])
    const home = homeAnswer(snap, '510100')
    expect(home.action.kind).toBe('back-pay')
    expect(home.action.detail).toContain(`可少等${repair?.monthsSaved}个月`)
    expect(home.action.detail).toContain(dateZh(repair?.benefitStartAfter ?? ''))
    // Review 9: two start dates side by side, each says which it is.
    expect(home.action.detail).toContain(`补缴后等${repair?.waitingMonthsAfter}个月`)
    expect(home.action.figures.map((f) => f.label)).toEqual(['现在（不补缴）等待期'])
    expect(home.action.figures[0]?.sub).toBe(`${dateZh(snap.nextYear.evaluation.benefitStart ?? '')}起享受待遇`)
    expect(home.cards[0]?.statusText).toBe('未参保')
    expect(home.cards[0]?.tone).toBe('danger')
  })

  it('a back-payment whose amount the region has not published says 补缴金额待当地公布 (review 9)', () => {
    const snap = snapshotFor(
      resident('14', '140500', [
        { year: 2025, paidOn: '2024-11-01' },
        { year: 2027, paidOn: '2026-11-10' },
      ]),
      TODAY,
    )
    const home = homeAnswer(snap, '140500')
    expect(home.action.kind).toBe('back-pay')
    expect((snap.nextYear.whatIf.backPay ?? snap.thisYear.whatIf.backPay)?.costFen).toBeNull()
    expect(home.action.detail).toContain('补缴金额待当地公布')
    expect(home.action.detail).not.toContain('费用按当地个人缴费标准计算')
  })

  it('王五 (employee until 2026-06-30) is shown his employee year, never "未参保"', () => {
    const snap = snapshotFor(
      resident('23', '230100', [
        { year: 2025, scheme: 'employee', endedOn: '2025-12-31' },
        { year: 2026, scheme: 'employee', endedOn: '2026-06-30' },
        { year: 2027, paidOn: '2026-09-15' },
      ]),
      TODAY,
    )
    const home = homeAnswer(snap, '230100')
    const card2026 = home.cards[0]
    expect(card2026?.statusText).toBe('职工医保')
    expect(`${card2026?.capText}${card2026?.benefitText}`).not.toContain('未参保')
    expect(card2026?.benefitText).toContain('2026年6月30日')
    // The months without cover, as the API's explanation says them.
    // The months without cover in one short line; the engine's long sentence behind 怎么算的.
    expect(card2026?.coverNote).toBe('2026年7月1日至2026年12月31日没有基本医保待遇')
    expect(card2026?.coverLines.map((l) => l.sentence).join('')).toContain(
      '2026年7月1日至2026年12月31日没有参加居民医保',
    )
    // Today (12-01) falls in those months: the first card says he has no cover now and when it resumes, from
    // the engine's stretch and its 2027 benefit start, never "参保状态正常" (review 2).
    expect(home.action.kind).toBe('uncovered')
    expect(home.action.title).toBe('现在没有医保待遇（至2026年12月31日）')
    expect(home.action.detail).toContain('2026年7月1日至2026年12月31日没有参加居民医保')
    expect(home.action.detail).toContain(
      `2027年度居民医保已缴费，${dateZh(snap.nextYear.evaluation.benefitStart ?? '')}起恢复待遇`,
    )
    expect(home.action.detail).not.toContain('正常')
    expect(home.action.facts?.benefitStart).toBe(snap.nextYear.evaluation.benefitStart)
  })

  it('王五 before his employee cover ended is not told he has no cover', () => {
    const snap = snapshotFor(
      resident('23', '230100', [
        { year: 2025, scheme: 'employee', endedOn: '2025-12-31' },
        { year: 2026, scheme: 'employee', endedOn: '2026-06-30' },
      ]),
      '2026-06-15',
    )
    const home = homeAnswer(snap, '230100')
    expect(home.action.kind).not.toBe('uncovered')
    expect(home.action.title).not.toContain('没有医保待遇')
  })

  it('asked to pay the next year while without cover, he reads that he has no cover now first', () => {
    const snap = snapshotFor(
      resident('23', '230100', [
        { year: 2025, scheme: 'employee', endedOn: '2025-12-31' },
        { year: 2026, scheme: 'employee', endedOn: '2026-06-30' },
      ]),
      '2026-10-08',
    )
    const home = homeAnswer(snap, '230100')
    expect(home.action.kind).toBe('pay')
    expect(home.action.detail).toMatch(/^您现在（至2026年12月31日）没有基本医保待遇。/)
  })

  it('the uncovered months with no resident year paid say what paying today gives', () => {
    const snap = snapshotFor(
      resident('23', '230100', [
        { year: 2025, scheme: 'employee', endedOn: '2025-12-31' },
        { year: 2026, scheme: 'employee', endedOn: '2026-06-30' },
      ]),
      '2026-08-01',
    )
    const home = homeAnswer(snap, '230100')
    expect(home.action.kind).toBe('uncovered')
    const now = snap.nextYear.whatIf.enrollToday ?? snap.thisYear.whatIf.enrollToday
    expect(home.action.detail).toContain(`如果现在参加居民医保：`)
    expect(home.action.detail).toContain(`${dateZh(now?.benefitStart ?? '')}起享受待遇`)
    expect(home.action.detail).not.toContain('恢复待遇')
    expect(home.action.detail).not.toContain('正常')
  })

  it('a late payment this year shows its waiting period on the card, from the API', () => {
    const snap = snapshotFor(
      resident('51', '510100', [
        { year: 2025, paidOn: '2024-11-01' },
        { year: 2026, paidOn: '2026-03-01' },
      ]),
      TODAY,
    )
    const card = homeAnswer(snap, '510100').cards[0]
    const e = snap.thisYear.evaluation
    expect(e.late).toBe(true)
    expect(card?.benefitText).toBe(`等待期${e.waitingMonths}个月，${dateZh(e.benefitStart ?? '')}起享受待遇`)
    const waiting = card?.figures.find((f) => f.kind === 'waiting')
    expect(waiting?.lines.map((l) => l.sentence).join('')).toContain('晚于集中参保期')
  })

  it('explanations keep decision ids out of the sentence and the 依据 line (review 4)', () => {
    const snap = snapshotFor(resident('51', '510100', [{ year: 2026, paidOn: '2025-11-01' }]), TODAY)
    const lines = homeAnswer(snap, '510100').cards.flatMap((c) => c.figures.flatMap((f) => f.lines))
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) expect(line.sentence).not.toMatch(/决策|D\d/)
    for (const line of lines) expect(line.basis ?? '').not.toMatch(/\bD\d+\b/)
    expect(lines.some((l) => l.basis?.startsWith('依据：川办发〔2025〕32号'))).toBe(true)
  })

  it('a cap on an unpublished base says what the incentives and penalties add', () => {
    expect(
      capText({
        capYuan: null,
        incentiveYuan: 6000,
        gapPenaltyYuan: 0,
        continuousSteps: 2,
        zeroClaimSteps: 0,
        penaltySteps: 0,
      } as never),
    ).toBe('原封顶线 +6,000元')
    expect(
      capText({
        capYuan: null,
        incentiveYuan: 0,
        gapPenaltyYuan: 3000,
        continuousSteps: 0,
        zeroClaimSteps: 0,
        penaltySteps: 1,
      } as never),
    ).toBe('原封顶线 −3,000元')
    expect(
      capText({
        capYuan: null,
        incentiveYuan: null,
        gapPenaltyYuan: null,
        continuousSteps: 1,
        zeroClaimSteps: 1,
        penaltySteps: 0,
      } as never),
    ).toBe('原封顶线提高2档')
  })

  it('paying today on an unpublished base: no amount, in grey, with one plain line of what is known', () => {
    // 江西: two zero-claim years, lapsed for 2027; the 2027 payment today keeps both steps of 3,000元
    const lapsed = resident('36', '360100', [
      { year: 2025, paidOn: '2024-11-01', fund: 0 },
      { year: 2026, paidOn: '2025-11-01', fund: 0 },
    ])
    const snap = snapshotFor(lapsed, TODAY)
    const card = homeAnswer(snap, '360100').cards.find((c) => c.year === 2027)
    // 2026 runs to 31 December: its step is only a condition, the earned figure leads.
    // A formula in the figure's big green type read as an amount and as good news (review 3, 6).
    expect(card?.capText).toBe('今天缴费：暂时算不出')
    const cap = card?.figures.find((f) => f.kind === 'cap')
    expect(cap?.unknown).toBe(true)
    expect(cap?.unpublished).toMatch(/^当地还没有公布大病保险原封顶线，公布后才能算出；您的限额比原封顶线高3,000元/)
    expect(cap?.condition).toContain('如2026年全年没有报销，2027年度限额比原封顶线高6,000元')
    // The unpublished base is said once, in the plain line, not again in the engine's words.
    expect(cap?.unpublished).not.toContain('原封顶线当地还没有公布')
    // 2026, enrolled: one zero-claim step; a 20% limit of the unknown base does not hide the 3,000元
    const y2026 = homeAnswer(snap, '360100').cards.find((c) => c.year === 2026)
    expect(y2026?.capText).toBe('暂时算不出')
    expect(y2026?.figures[0]?.unpublished).toContain('您的限额比原封顶线高3,000元')
    // The action sentence stays grammatical: no "限额暂时算不出", no "限额原封顶线…".
    const action = homeAnswer(snap, '360100').action
    expect(action.kind).toBe('pay')
    expect(action.detail).toContain('大病保险限额要等当地公布后才能算出。')
    expect(action.detail).not.toMatch(/限额(暂时算不出|原封顶线)/)
  })

  it('the relation to an unpublished base, in words', () => {
    const known = { capYuan: null, incentiveYuan: null, gapPenaltyYuan: null, continuousSteps: 0 }
    expect(capRelation({ ...known, incentiveYuan: 6000, gapPenaltyYuan: 0 })).toBe('比原封顶线高6,000元')
    expect(capRelation({ ...known, incentiveYuan: 0, gapPenaltyYuan: 3000 })).toBe('比原封顶线低3,000元')
    expect(capRelation({ ...known, incentiveYuan: 0, gapPenaltyYuan: 0 })).toBe('就是原封顶线')
    expect(capRelation({ ...known, continuousSteps: 2, penaltySteps: 0 })).toBe('比原封顶线提高2档')
    expect(capRelation({ ...known, capYuan: 300000 })).toBeNull()
  })

  it('for any history, every figure the action states is the API what-if figure', () => {
    const yearRow = fc.record({
      status: fc.constantFrom('gap', 'resident', 'late', 'employee'),
      fund: fc.constantFrom(undefined, 0, 100),
    })
    fc.assert(
      fc.property(
        fc.constantFrom('51', '14', '23', '52', '36'),
        fc.array(yearRow, { minLength: 3, maxLength: 3 }),
        fc.boolean(),
        fc.constantFrom('2026-12-01', '2026-06-15', '2027-01-10', '2026-09-02'),
        (province, rows, backPay, today) => {
          const years = [2025, 2026, 2027]
          const self: Row[] = []
          rows.forEach((r, i) => {
            const year = years[i] as number
            if (`${year - 1}-09-01` > today) return
            if (r.status === 'resident')
              self.push({ year, paidOn: `${year - 1}-10-01` < today ? `${year - 1}-10-01` : today, fund: r.fund })
            if (r.status === 'late' && `${year}-02-01` <= today) self.push({ year, paidOn: `${year}-02-01` })
            if (r.status === 'employee') self.push({ year, scheme: 'employee' })
          })
          const gaps = years.filter((y) => y <= Number(today.slice(0, 4)) && !self.some((s) => s.year === y))
          const snap = snapshotFor(resident(province, null, self, backPay ? gaps.slice(0, 1) : []), today)
          const home = homeAnswer(snap, null)
          const facts = home.action.facts
          if (facts?.benefitStart) expect(home.action.detail).toContain(dateZh(facts.benefitStart))
          if (facts?.waitingMonths) {
            expect(home.action.detail).toContain(`${facts.waitingMonths}个月`)
            expect(home.action.detail).not.toContain('不断档')
          }
          if (home.action.kind === 'pay' || home.action.kind === 'declare') {
            const now = snap.nextYear.whatIf.enrollToday ?? snap.thisYear.whatIf.enrollToday
            expect(facts).toMatchObject({
              year: now?.year,
              waitingMonths: now?.waitingMonths,
              benefitStart: now?.benefitStart,
              capYuan: now?.capYuan,
            })
          }
          for (const card of home.cards) {
            const answer = card.year === snap.thisYear.year ? snap.thisYear : snap.nextYear
            // A zero-claim year not over yet: the API's earned figure leads, its declared one is the condition.
            const earned = answer.pendingZeroClaim?.earned
            const cap = card.figures.find((f) => f.kind === 'cap')
            if (card.covered) expect(card.capText.replace(/^约/, '')).toBe(capValue(earned ?? answer.evaluation))
            if (card.covered && earned && answer.evaluation.capYuan !== null)
              expect(cap?.condition).toContain(`限额为${capValue(answer.evaluation)}`)
            // The headline value is an amount or 暂时算不出, never a formula on the unpublished base.
            for (const f of card.figures) expect(f.value).not.toMatch(/原封顶线|%/)
            if (cap?.value === '暂时算不出') expect(cap.unpublished).toContain('公布后才能算出')
            if (card.covered && !earned) expect(cap?.condition ?? null).toBeNull()
            if (self.some((s) => s.year === card.year && s.scheme === 'employee'))
              expect(card.statusText).toBe('职工医保')
          }
        },
      ),
      { numRuns: 150 },
    )
  })
})

describe('provenance', () => {
  it('says where the records came from, office first', () => {
    const text = provenanceText({
      history: [
        { year: 2025, scheme: 'resident', source: 'office' },
        { year: 2026, scheme: 'resident', source: 'self' },
      ],
      groups: [],
      backPaidYears: [],
      overriddenSelfYears: [],
      ignoredBackPaidYears: [],
    })
    expect(text).toBe('记录来源：医保部门导入1年，本人填写1年（以医保部门记录为准）')
  })

  it('names years a relative paid through family mutual aid', () => {
    const text = provenanceText({
      history: [
        { year: 2026, scheme: 'resident', source: 'self' },
        { year: 2027, scheme: 'resident', paidOn: '2026-11-20', source: 'family' },
      ],
      groups: [],
      backPaidYears: [],
      overriddenSelfYears: [],
      ignoredBackPaidYears: [],
    })
    expect(text).toBe('记录来源：家人共济代缴1年，本人填写1年')
  })

  it('counts a mid-year switch year (two entries) as one year', () => {
    const text = provenanceText({
      history: [
        { year: 2025, scheme: 'resident', source: 'self' },
        { year: 2026, scheme: 'employee', endedOn: '2026-05-31', source: 'self' },
        { year: 2026, scheme: 'resident', paidOn: '2026-06-10', source: 'self' },
      ],
      groups: [],
      backPaidYears: [],
      overriddenSelfYears: [],
      ignoredBackPaidYears: [],
    })
    expect(text).toBe('记录来源：本人填写2年')
  })
})

describe('a mid-year switch year on the home card (issue 14)', () => {
  it('reads as insured by the resident scheme, from the API answer for the two entries', () => {
    const snap = snapshotFor(
      resident('51', '510100', [
        { year: 2025, scheme: 'resident', paidOn: '2024-11-01' },
        { year: 2026, scheme: 'employee', endedOn: '2026-05-31' },
        { year: 2026, paidOn: '2026-06-10' },
      ]),
      TODAY,
    )
    const home = homeAnswer(snap, '510100')
    const card = home.cards[0]
    expect(card).toMatchObject({ year: 2026, scheme: 'resident', covered: true })
    // Sichuan has no switch exemption: paid after the period, 3 months from the payment (SPEC §4.6).
    expect(snap.thisYear.evaluation).toMatchObject({ late: true, waitingMonths: 3, benefitStart: '2026-09-10' })
  })
})

describe('an employee still in work', () => {
  it('is not asked to pay resident insurance, only told what to do if the job ends, with the API figures', () => {
    const snap = snapshotFor(
      resident('51', '510100', [
        { year: 2025, scheme: 'employee', endedOn: '2025-12-31' },
        { year: 2026, scheme: 'employee', endedOn: '2026-12-31' },
      ]),
      TODAY,
    )
    const home = homeAnswer(snap, '510100')
    expect(home.action.kind).toBe('none')
    expect(home.action.detail).toContain('如果2027年不再参加职工医保')
    const now = snap.nextYear.whatIf.enrollToday
    expect(home.action.detail).toContain(dateZh(now?.benefitStart ?? ''))
    expect(home.cards[1]?.statusText).toBe('还没有记录')
    // The headline agrees with the deadline beneath it, and a record still to come is not shown as an alarm.
    expect(home.action.title).toBe('2027年继续参加职工医保的，不需要操作')
    expect(home.cards[1]?.tone).toBe('warn')
  })
})

describe('figures shown offline', () => {
  it('say when they were fetched, in Beijing time, not "刚刚" (review 47)', () => {
    const fetched = Date.parse('2026-12-02T00:50:00Z')
    expect(dataTimeZh(fetched, fetched + 3 * 60_000)).toBe('北京时间12月2日 08:50')
    // Fetched late on 31 December (Beijing), read in the new year: the year is said.
    expect(dataTimeZh(Date.parse('2026-12-31T15:30:00Z'), Date.parse('2027-01-01T02:00:00Z'))).toBe(
      '北京时间2026年12月31日 23:30',
    )
  })
})
