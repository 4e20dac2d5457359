/// <reference types="vite/client" />
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { evaluate, renderStepZh, type PolicyInput } from '@canbao/shared/policy/index'
import { parseApiError } from '@canbao/shared'
import { call, json, login, makeId, setProfile } from './helpers'

interface PolicyCase {
  name: string
  input: PolicyInput & { enrollmentPeriod?: { start: string; end: string } }
  expect: Record<string, unknown>
}

const cases = Object.entries(
  import.meta.glob('../fixtures/policy-cases/*.json', { eager: true, import: 'default' }),
) as [string, PolicyCase][]

/** A province's capital prefix for synthetic ID numbers (the address code only needs a valid province). */
const ID_PREFIX: Record<string, string> = {
  '51': '510104',
  '14': '140105',
  '23': '230102',
  '52': '520102',
  '36': '360102',
}

let seq = 0

/** Posts a policy case's input through the API as a resident would, and asks for the case's year. */
async function postCase(c: PolicyCase, name: string, options: { allowRefusedHistory?: boolean } = {}) {
  const input = c.input
  const birthDate = input.birthDate ?? '1980-01-01'
  const { token } = await login(name)
  await setProfile(token, {
    name: '测试用户',
    idNumber: makeId(
      input.region && /^\d{4}00$/.test(input.region) && input.region !== `${input.province}0000`
        ? `${input.region.slice(0, 4)}02`
        : (ID_PREFIX[input.province] as string),
      birthDate,
      ++seq % 1000,
    ),
    province: input.province,
    ...(input.region && input.region !== `${input.province}0000` ? { region: input.region } : {}),
  })
  const put = await call('PUT', '/api/me/history', {
    token,
    json: {
      history: input.history,
      ...(input.groups ? { groups: input.groups } : {}),
      ...(input.backPaidYears ? { backPaidYears: input.backPaidYears } : {}),
    },
  })
  if (options.allowRefusedHistory && put.status !== 200) return { res: null, put, birthDate, token }
  expect(put.status, await put.clone().text()).toBe(200)
  const query = new URLSearchParams({ year: String(input.year) })
  if (input.baseCapYuan !== undefined) query.set('baseCapYuan', String(input.baseCapYuan))
  if (input.stepYuan !== undefined) query.set('stepYuan', String(input.stepYuan))
  if (input.contributionFen !== undefined) query.set('contributionFen', String(input.contributionFen))
  if (input.enrollmentPeriod) {
    query.set('enrollmentStart', input.enrollmentPeriod.start)
    query.set('enrollmentEnd', input.enrollmentPeriod.end)
  }
  const res = await call('GET', `/api/me/entitlement?${query}`, { token })
  return { res, put, birthDate, token }
}

/** Cases look years ahead and residents may only declare payments already made: ask the day after the last one. */
const afterAllCases = (() => {
  const dates = cases.flatMap(([, c]) => [c.input.birthDate ?? '', ...c.input.history.map((e) => e.paidOn ?? '')])
  const last = dates.sort().at(-1) as string
  return new Date(Date.parse(`${last}T00:00:00+08:00`) + 86_400_000)
})()

describe('GET /api/me/entitlement for every public policy case', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(afterAllCases)
  })
  afterEach(() => vi.useRealTimers())

  it('has every public policy case to check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(18)
  })

  // The API stores one entry per year and no programme length yet (that needs a migration): cases with a
  // mid-year switch or a whole-programme payment are the engine's alone for now.
  const storable = (c: PolicyCase) =>
    new Set(c.input.history.map((e) => e.year)).size === c.input.history.length &&
    c.input.history.every((e) => e.programmeYears === undefined)

  for (const [index, [file, c]] of cases.entries()) {
    const name = file.split('/').pop()!.replace('.json', '')
    // WeChat login codes are short: the user is named by the case's position
    const user = `case-${index}`
    if (c.expect.refused === true) {
      it(`refuses case ${name} with a 4xx, never an answer`, async () => {
        const { res, put } = await postCase(c, user, { allowRefusedHistory: true })
        const status = put.status !== 200 ? put.status : (res?.status ?? 0)
        expect(status).toBeGreaterThanOrEqual(400)
        expect(status).toBeLessThan(500)
      })
      continue
    }
    if (!storable(c)) continue
    it(`equals the engine for case ${name}`, async () => {
      const posted = await postCase(c, user)
      const { birthDate } = posted
      const res = posted.res as Response
      expect(res.status, await res.clone().text()).toBe(200)
      const body = await json(res)
      const engine = evaluate({ ...c.input, birthDate })
      expect(engine.ok).toBe(true)
      if (!engine.ok) return
      expect(body.evaluation).toEqual(engine.value)
      for (const [key, value] of Object.entries(c.expect))
        expect(body.evaluation[key], `${name}: ${key}`).toEqual(value)
      expect(body.explanationZh).toEqual(engine.value.explanation.map(renderStepZh))
      expect(body.year).toBe(c.input.year)
    })
  }
})

describe('GET /api/me/entitlement', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2040-06-01T02:00:00Z'))
  })
  afterEach(() => vi.useRealTimers())

  it('asks for a profile first', async () => {
    const { token } = await login('ent-noprofile')
    const res = await call('GET', '/api/me/entitlement', { token })
    expect(res.status).toBe(409)
    expect(parseApiError(await json(res))).toMatchObject({
      code: 'PROFILE_REQUIRED',
      message: expect.stringMatching(/参保人信息/),
    })
  })

  it('answers the current coverage year by default, with Chinese explanation and what-if series', async () => {
    const { token } = await login('ent-default')
    await setProfile(token, { name: '周九', idNumber: makeId('510104', '1970-02-02', 9), province: '51' })
    const history = [2035, 2036, 2037, 2038, 2039, 2040].map((year) => ({
      year,
      scheme: 'resident',
      paidOn: `${year - 1}-11-01`,
    }))
    await call('PUT', '/api/me/history', { token, json: { history } })
    const body = await json(await call('GET', '/api/me/entitlement', { token }))
    expect(body.year).toBe(2040)
    expect(body.asOf).toBe('2040-06-01')
    expect(body.evaluation.covered).toBe(true)
    expect(body.explanationZh.length).toBeGreaterThan(3)
    for (const line of body.explanationZh) expect(line).toMatch(/[\u4e00-\u9fff]/)
    expect(body.whatIf.stayEnrolled.map((p: { year: number }) => p.year)).toEqual([2040, 2041, 2042, 2043, 2044, 2045])
    // Staying enrolled never lowers the cap.
    const caps = body.whatIf.stayEnrolled.map((p: { capYuan: number }) => p.capYuan)
    expect(caps).toEqual([...caps].sort((a: number, b: number) => a - b))
    // Enrolled for 2040 already; paying today (June 2040) buys 2040 again → nothing to offer.
    expect(body.whatIf.enrollToday).toBeNull()
  })

  it('does not count a Sichuan base cap given in the query: the province fixes 300,000 and says so', async () => {
    const { token } = await login('ent-sc-base')
    await setProfile(token, { name: '冯二', idNumber: makeId('510104', '1970-04-04', 11), province: '51' })
    await call('PUT', '/api/me/history', {
      token,
      json: {
        history: [
          { year: 2025, scheme: 'resident', paidOn: '2024-11-01' },
          { year: 2026, scheme: 'resident', paidOn: '2025-11-01' },
        ],
      },
    })
    const body = await json(await call('GET', '/api/me/entitlement?year=2026&baseCapYuan=250000', { token }))
    expect(body.evaluation.capYuan).toBe(300_000)
    expect(body.suppliedFigures).not.toContain('baseCapYuan')
    expect(body.explanationZh.join('')).toMatch(/全省统一规定为300000元/)
  })

  it('offers "pay today" and "back-pay" for a resident with a gap', async () => {
    const { token } = await login('ent-gap')
    await setProfile(token, { name: '吴十', idNumber: makeId('510104', '1970-03-03', 10), province: '51' })
    const history = [
      { year: 2035, scheme: 'resident', paidOn: '2034-11-01' },
      { year: 2036, scheme: 'resident', paidOn: '2035-11-01' },
      { year: 2039, scheme: 'resident', paidOn: '2038-11-01' },
    ]
    await call('PUT', '/api/me/history', { token, json: { history } })
    const body = await json(await call('GET', '/api/me/entitlement?year=2039&contributionFen=40000', { token }))
    expect(body.evaluation.gapYears).toBe(2)
    expect(body.whatIf.backPay).toMatchObject({ years: [2037, 2038], costFen: 80000 })
    expect(body.whatIf.backPay.waitingMonthsAfter).toBeLessThan(body.whatIf.backPay.waitingMonthsBefore)
    expect(body.suppliedFigures).toEqual(['contributionFen'])
    const now = await json(await call('GET', '/api/me/entitlement?year=2040', { token }))
    expect(now.evaluation.covered).toBe(false)
    expect(now.whatIf.enrollToday).toMatchObject({ year: 2040, paidOn: '2040-06-01', late: true })
  })

  it('validates the query with Chinese messages', async () => {
    const { token } = await login('ent-query')
    const bad: [string, string, RegExp][] = [
      ['year=abc', 'year', /整数/],
      ['year=1800', 'year', /不能小于 1900/],
      ['year=2026&year=2027', 'year', /数字/],
      ['enrollmentStart=2025-09-01', 'enrollmentEnd', /一起填写/],
      ['enrollmentStart=2025-12-01&enrollmentEnd=2025-09-01', 'enrollmentEnd', /不能早于/],
      ['baseCapYuan=0', 'baseCapYuan', /不能小于 1/],
    ]
    for (const [query, path, message] of bad) {
      const res = await call('GET', `/api/me/entitlement?${query}`, { token })
      expect(res.status, query).toBe(422)
      const issue = (await json(res)).error.issues.find((i: { path: string }) => i.path === path)
      expect(issue?.message, query).toMatch(message)
    }
  })
})

describe('GET /api/me/entitlement while a declared zero-claim year is not over', () => {
  afterEach(() => vi.useRealTimers())
  const at = (moment: string) => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(moment))
  }
  const zeroClaimYears = [
    { year: 2025, scheme: 'resident', paidOn: '2024-11-01', fundPaidFen: 0 },
    { year: 2026, scheme: 'resident', paidOn: '2025-11-01', fundPaidFen: 0 },
  ]

  it('asked in December for next year: the figure already earned beside the one 2026 may still give', async () => {
    at('2026-12-02T09:00:00+08:00')
    const { token } = await login('ent-pending-zero-claim')
    await setProfile(token, {
      name: '郑一',
      idNumber: makeId('510104', '1956-03-08', 12),
      province: '51',
      region: '510100',
    })
    await call('PUT', '/api/me/history', { token, json: { history: zeroClaimYears } })
    // Not paid for 2027 yet: paying today is the figure that holds the condition.
    const unpaid = await json(await call('GET', '/api/me/entitlement?year=2027', { token }))
    expect(unpaid.whatIf.enrollToday).toMatchObject({ year: 2027, capYuan: 308_000 })
    expect(unpaid.pendingZeroClaim).toMatchObject({ years: [2026], enrollTodayEarned: { capYuan: 304_000 } })
    expect(unpaid.pendingZeroClaim.enrollTodayEarned.explanation.length).toBeGreaterThan(0)

    const paid = { year: 2027, scheme: 'resident', paidOn: '2026-09-15' }
    await call('PUT', '/api/me/history', { token, json: { history: [...zeroClaimYears, paid] } })
    const body = await json(await call('GET', '/api/me/entitlement?year=2027', { token }))
    // The answer's own figure still counts 2026 as declared; the earned one is the same answer without its step.
    expect(body.evaluation).toMatchObject({ capYuan: 308_000, zeroClaimSteps: 2 })
    expect(body.pendingZeroClaim).toMatchObject({
      years: [2026],
      earned: { capYuan: 304_000, capFen: 30_400_000, zeroClaimSteps: 1 },
      enrollTodayEarned: null,
    })
    // Its own steps, so a tap on the earned figure explains that figure, not the conditional one.
    expect(body.pendingZeroClaim.earned.explanation.length).toBeGreaterThan(0)
    expect(body.pendingZeroClaim.earned.explanation).not.toEqual(body.evaluation.explanation)
    // 2026 itself rests on 2025, which is over: nothing conditional in its answer.
    const thisYear = await json(await call('GET', '/api/me/entitlement?year=2026', { token }))
    expect(thisYear.pendingZeroClaim).toBeUndefined()
  })

  it('asked after 2026 ended: the step is earned and the answer carries no second figure', async () => {
    at('2027-01-05T09:00:00+08:00')
    const { token } = await login('ent-pending-over')
    await setProfile(token, {
      name: '郑二',
      idNumber: makeId('510104', '1956-03-09', 13),
      province: '51',
      region: '510100',
    })
    const history = [...zeroClaimYears, { year: 2027, scheme: 'resident', paidOn: '2026-09-15' }]
    await call('PUT', '/api/me/history', { token, json: { history } })
    const body = await json(await call('GET', '/api/me/entitlement?year=2027', { token }))
    expect(body.evaluation.capYuan).toBe(308_000)
    expect(body).not.toHaveProperty('pendingZeroClaim')
  })
})
