/// <reference types="vite/client" />
import { env } from 'cloudflare:workers'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import demoSql from '../../functions/seed/demo.sql?raw'
import { dateZh } from '@canbao/shared/policy'
import { homeAnswer, capValue } from '../../miniapp/src/pages/index/status-model'
import { call, json, login, makeId, setProfile, seedStatements } from './helpers'

// The home screen's text, computed by the mini-program's own model from what this Worker answers: held
// against the API's figures for every demo resident and for histories with gaps, late payments and back-pay.

const TODAY = new Date('2026-12-01T10:00:00+08:00')

async function seed() {
  const statements = seedStatements(demoSql)
  await env.DB.batch(statements.map((sql) => env.DB.prepare(sql)))
}

async function snapshot(token: string) {
  const [thisYear, nextYear, history] = await Promise.all([
    call('GET', '/api/me/entitlement?year=2026', { token }).then(json),
    call('GET', '/api/me/entitlement?year=2027', { token }).then(json),
    call('GET', '/api/me/history', { token }).then(json),
  ])
  return { thisYear, nextYear, history }
}

/** What must hold for any resident: the action states the API's what-if figures and never contradicts them. */
function expectAgrees(snap: Awaited<ReturnType<typeof snapshot>>, region: string | null) {
  const home = homeAnswer(snap, region)
  const { action } = home
  if (action.kind === 'pay' || action.kind === 'declare' || action.kind === 'enroll-now') {
    const now =
      action.kind === 'enroll-now'
        ? snap.thisYear.whatIf.enrollToday
        : (snap.nextYear.whatIf.enrollToday ?? snap.thisYear.whatIf.enrollToday)
    expect(action.facts).toMatchObject({
      waitingMonths: now.waitingMonths,
      benefitStart: now.benefitStart,
      capYuan: now.capYuan,
    })
    expect(action.detail).toContain(dateZh(now.benefitStart))
    if (now.waitingMonths) expect(action.detail).toContain(`${now.waitingMonths}个月`)
  }
  if (action.kind === 'back-pay') {
    const repair = snap.nextYear.whatIf.backPay ?? snap.thisYear.whatIf.backPay
    expect(action.detail).toContain(`可少等${repair.monthsSaved}个月`)
  }
  if ((action.facts?.waitingMonths ?? 0) > 0) expect(action.detail).not.toContain('不断档')
  for (const card of home.cards) {
    const answer = card.year === 2026 ? snap.thisYear : snap.nextYear
    // A zero-claim year not over yet: the API's earned figure leads, its declared figure is the marked condition.
    const earned = answer.pendingZeroClaim?.earned
    // "约" marks a figure on the region's example base cap; the amount is the API's.
    if (card.covered) expect(card.capText.replace(/^约/, '')).toBe(capValue(earned ?? answer.evaluation))
    if (card.covered && earned && answer.evaluation.capYuan !== null)
      expect(card.figures.find((f) => f.kind === 'cap')?.condition).toContain(`${capValue(answer.evaluation)}`)
    // The headline value is an amount or 暂时算不出, never a formula on the unpublished base (review 3, 6).
    for (const f of [...card.figures, ...action.figures]) expect(f.value).not.toMatch(/原封顶线|%/)
  }
  return home
}

describe('home text against the entitlement API', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(TODAY)
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('every demo resident', async () => {
    await seed()
    const seen: Record<string, string> = {}
    for (const [devName, region] of [
      ['zhangsan', '510100'],
      ['lisi', '140500'],
      ['wangwu', '230100'],
      ['zhaoliu', '520100'],
      ['qianqi', '360100'],
    ] as const) {
      const { token } = await login(devName)
      const home = expectAgrees(await snapshot(token), region)
      seen[devName] = `${home.action.kind}|${home.cards.map((c) => `${c.year}:${c.statusText}:${c.capText}`).join('|')}`
    }
    expect(seen.lisi).toMatch(/^back-pay\|2026:未参保/)
    // 王五 was in employee insurance until 2026-06-30: his 2026 is an employee year.
    expect(seen.wangwu).toContain('2026:职工医保')
    expect(seen.wangwu).not.toContain('未参保')
    // On 2026-12-01 he is in the months without cover: the first card says so, not "参保状态正常" (review 2).
    expect(seen.wangwu).toMatch(/^uncovered\|/)
    // 赵六 (Guiyang): 2026 has no base cap, 2027 the example one: no formula, each year says which (review 3).
    expect(seen.zhaoliu).toContain('2026:已参保:暂时算不出')
    expect(seen.zhaoliu).toMatch(/2027:已参保:约[\d,]+元/)
    expect(seen.zhangsan).toMatch(/^none\|2026:已参保:\d/)
  })

  it('a new user, then the same user after declaring gaps, a late payment and a back-paid year', async () => {
    const { token } = await login('home-answer-new')
    await setProfile(token, {
      name: '新用户',
      idNumber: makeId('510104', '1970-02-03'),
      province: '51',
      region: '510100',
    })
    const fresh = expectAgrees(await snapshot(token), '510100')
    expect(fresh.action.kind).toBe('declare')
    expect(fresh.action.detail).toContain('5个月待遇等待期，2027年6月1日起享受待遇')

    const histories = [
      { history: [{ year: 2025, scheme: 'resident', paidOn: '2024-10-01' }], backPaidYears: [] },
      {
        history: [
          { year: 2025, scheme: 'resident', paidOn: '2024-10-01' },
          { year: 2026, scheme: 'resident', paidOn: '2026-04-01' },
        ],
        backPaidYears: [],
      },
      { history: [{ year: 2026, scheme: 'resident', paidOn: '2026-05-20' }], backPaidYears: [2025] },
      {
        history: [
          { year: 2025, scheme: 'resident', paidOn: '2024-10-01', fundPaidFen: 0 },
          { year: 2027, scheme: 'resident', paidOn: '2026-11-01' },
        ],
        backPaidYears: [],
      },
    ]
    for (const body of histories) {
      const put = await call('PUT', '/api/me/history', { token, json: body })
      expect(put.status, await put.clone().text()).toBe(200)
      expectAgrees(await snapshot(token), '510100')
    }
  })
})
