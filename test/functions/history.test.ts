import { describe, expect, it, vi } from 'vitest'
import { evaluatePolicyInput } from '@canbao/shared/policy/index'
import { call, json, login, makeId, officeUser, setProfile, uploadCsv } from './helpers'

describe('PUT/GET /api/me/history', () => {
  it('saves a self-declared history and returns it with provenance self', async () => {
    const { token } = await login('history-self')
    const history = [
      { year: 2025, scheme: 'resident', paidOn: '2024-11-01', fundPaidFen: 0, incentiveUsed: false },
      { year: 2024, scheme: 'employee', endedOn: '2024-06-30' },
    ]
    const res = await call('PUT', '/api/me/history', {
      token,
      json: { history, groups: [{ kind: 'newborn' }], backPaidYears: [] },
    })
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body.history).toEqual([
      { year: 2024, scheme: 'employee', endedOn: '2024-06-30', source: 'self' },
      { year: 2025, scheme: 'resident', paidOn: '2024-11-01', fundPaidFen: 0, incentiveUsed: false, source: 'self' },
    ])
    expect(body.groups).toEqual([{ kind: 'newborn' }])
    expect(await json(await call('GET', '/api/me/history', { token }))).toEqual(body)
  })

  it('replaces the whole self-declared history on every PUT', async () => {
    const { token } = await login('history-replace')
    await call('PUT', '/api/me/history', {
      token,
      json: { history: [{ year: 2025, scheme: 'resident', paidOn: '2024-11-01' }] },
    })
    await call('PUT', '/api/me/history', {
      token,
      json: { history: [{ year: 2024, scheme: 'resident', paidOn: '2023-11-01' }] },
    })
    const body = await json(await call('GET', '/api/me/history', { token }))
    expect(body.history.map((e: { year: number }) => e.year)).toEqual([2024])
  })

  it('refuses a payment dated after today (CST), naming the field', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      // 2026-03-01 00:30 in Beijing is still 2026-02-28 in UTC: the CST date decides.
      vi.setSystemTime(new Date('2026-02-28T16:30:00Z'))
      const { token } = await login('history-future')
      const ok = await call('PUT', '/api/me/history', {
        token,
        json: { history: [{ year: 2026, scheme: 'resident', paidOn: '2026-03-01' }] },
      })
      expect(ok.status).toBe(200)
      const res = await call('PUT', '/api/me/history', {
        token,
        json: { history: [{ year: 2026, scheme: 'resident', paidOn: '2026-03-02' }] },
      })
      expect(res.status).toBe(422)
      const issue = (await json(res)).error.issues[0]
      expect(issue).toMatchObject({ path: 'history.0.paidOn', code: 'PAID_IN_FUTURE' })
      expect(issue.message).toMatch(/今天之后/)
    } finally {
      vi.useRealTimers()
    }
  })

  it('refuses records that cannot have happened (SPEC §5) beside the field, as the rules engine does', async () => {
    const { token } = await login('history-impossible')
    await setProfile(token, { name: '郑一', idNumber: makeId('510104', '1980-01-01', 714), province: '51' })
    const cases: [unknown[], string, string][] = [
      [
        [{ year: 2025, scheme: 'employee', endedOn: '2025-12-31', fundPaidFen: 0 }],
        'history.0.fundPaidFen',
        'RESIDENT_FIELD_ON_EMPLOYEE',
      ],
      [
        [{ year: 2025, scheme: 'resident', paidOn: '2024-11-01', fundPaidFen: 0, incentiveUsed: true }],
        'history.0.incentiveUsed',
        'INCENTIVE_USED_ZERO_CLAIM',
      ],
      [[{ year: 2025, scheme: 'resident', paidOn: '2024-03-01' }], 'history.0.paidOn', 'PAID_BEFORE_PERIOD'],
    ]
    for (const [history, path, code] of cases) {
      const res = await call('PUT', '/api/me/history', { token, json: { history } })
      expect(res.status, JSON.stringify(history)).toBe(422)
      const issues = (await json(res)).error.issues
      expect(issues).toContainEqual(
        expect.objectContaining({ path, code, message: expect.stringMatching(/[\u4e00-\u9fff]/) }),
      )
    }
  })

  it('refuses duplicate years, impossible dates and unknown fields with per-field Chinese messages', async () => {
    const { token } = await login('history-bad')
    const cases: [unknown, string, RegExp][] = [
      [
        {
          history: [
            { year: 2025, scheme: 'resident' },
            { year: 2025, scheme: 'resident' },
          ],
        },
        'history.1.year',
        /同一个年度/,
      ],
      [{ history: [{ year: 2025, scheme: 'resident', paidOn: '2025-02-30' }] }, 'history.0.paidOn', /真实存在/],
      [{ history: [{ year: 2025, scheme: 'resident', paidOn: '2024/11/01' }] }, 'history.0.paidOn', /年-月-日/],
      [{ history: [{ year: 2025, scheme: 'retired' }] }, 'history.0.scheme', /险种/],
      [{ history: [{ year: 2025.5, scheme: 'resident' }] }, 'history.0.year', /整数/],
      [{ history: [{ year: 2025, scheme: 'resident', fundPaidFen: -1 }] }, 'history.0.fundPaidFen', /负数/],
      [{ history: [{ year: 2025, scheme: 'employee', endedOn: '2024-12-31' }] }, 'history.0.endedOn', /年度之内/],
      [{ history: [], extra: 1 }, 'extra', /不支持的字段/],
      [{ history: [], backPaidYears: [2026, 2026] }, 'backPaidYears', /不能重复/],
      [{ history: [], groups: [{ kind: 'alien' }] }, 'groups.0.kind', /人群类别/],
      [{}, 'history', /.+/],
    ]
    for (const [body, path, message] of cases) {
      const res = await call('PUT', '/api/me/history', { token, json: body })
      expect(res.status, JSON.stringify(body)).toBe(422)
      const issue = (await json(res)).error.issues.find((i: { path: string }) => i.path === path)
      expect(issue, `${JSON.stringify(body)} → ${path}`).toBeDefined()
      expect(issue.message).toMatch(message)
      expect(issue.message).toMatch(/[\u4e00-\u9fff]/)
    }
  })

  it('office records win over self-declared years, and the GET says which is which', async () => {
    const id = makeId('510104', '1980-01-01', 42)
    const resident = await login('history-merge')
    await setProfile(resident.token, { name: '孙八', idNumber: id, province: '51', region: '510100' })
    await call('PUT', '/api/me/history', {
      token: resident.token,
      json: {
        history: [
          { year: 2025, scheme: 'resident', paidOn: '2024-12-20', fundPaidFen: 0 },
          { year: 2026, scheme: 'resident', paidOn: '2025-10-01' },
        ],
        backPaidYears: [2024],
      },
    })
    const office = await officeUser('history-office', '51', '510100')
    const upload = await uploadCsv(
      office.token,
      `身份证号,年度,险种,缴费日期,基金支付金额分,使用激励\n${id},2025,居民,2024-11-05,123400,否\n${id},2024,居民,2023-11-05,,\n`,
    )
    expect(upload.status).toBe(201)
    const body = await json(await call('GET', '/api/me/history', { token: resident.token }))
    expect(body.history).toEqual([
      { year: 2024, scheme: 'resident', paidOn: '2023-11-05', source: 'office' },
      {
        year: 2025,
        scheme: 'resident',
        paidOn: '2024-11-05',
        fundPaidFen: 123400,
        incentiveUsed: false,
        source: 'office',
      },
      { year: 2026, scheme: 'resident', paidOn: '2025-10-01', source: 'self' },
    ])
    expect(body.overriddenSelfYears).toEqual([2025])
    // The office shows 2024 as enrolled, so it was not a gap to back-pay.
    expect(body.ignoredBackPaidYears).toEqual([2024])
    expect(body.backPaidYears).toEqual([])
  })
})

// Issue 14: a year may hold an employee entry ended mid-year and a resident entry paid after it, and a Sichuan
// student may pay a whole programme at once (SPEC §5, docs/policy.md#s5; 000 (一)).
describe('mid-year switch and whole-programme payment (issue 14)', () => {
  const TODAY = '2026-12-01'
  const withToday = async (run: () => Promise<void>) => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(new Date(`${TODAY}T04:00:00Z`))
      await run()
    } finally {
      vi.useRealTimers()
    }
  }

  it('stores a switch year as two entries and answers for it as the engine does (no gap year)', () =>
    withToday(async () => {
      const { token } = await login('switch-hlj')
      await setProfile(token, {
        name: '周九',
        idNumber: makeId('230102', '1980-01-01', 31),
        province: '23',
        region: '230100',
      })
      const history = [
        { year: 2024, scheme: 'employee' },
        { year: 2025, scheme: 'employee' },
        { year: 2026, scheme: 'employee', endedOn: '2026-05-31' },
        { year: 2026, scheme: 'resident', paidOn: '2026-06-10' },
      ]
      const put = await call('PUT', '/api/me/history', { token, json: { history } })
      expect(put.status, await put.clone().text()).toBe(200)
      const got = await json(await call('GET', '/api/me/history', { token }))
      expect(got.history.filter((e: { year: number }) => e.year === 2026)).toEqual([
        { year: 2026, scheme: 'employee', endedOn: '2026-05-31', source: 'self' },
        { year: 2026, scheme: 'resident', paidOn: '2026-06-10', source: 'self' },
      ])
      const res = await call('GET', '/api/me/entitlement?year=2026', { token })
      expect(res.status, await res.clone().text()).toBe(200)
      const answer = (await json(res)).evaluation
      const engine = evaluatePolicyInput(
        { province: '23', region: '230100', year: 2026, birthDate: '1980-01-01', history: history as never },
        { today: TODAY },
      )
      if (!engine.ok) throw new Error(JSON.stringify(engine.issues))
      expect(answer).toEqual(engine.value)
      // What the resident notices: insured, no gap, the switch exemption with no waiting from the payment day.
      expect(answer).toMatchObject({ covered: true, gapYears: 0, exemption: 'scheme-switch', waitingMonths: 0 })
      expect(answer.benefitStart).toBe('2026-06-10')
    }))

  it('a year declared as employee only can become a switch year on the next save', () =>
    withToday(async () => {
      const { token } = await login('switch-replace')
      await setProfile(token, {
        name: '吴十',
        idNumber: makeId('510104', '1985-03-03', 32),
        province: '51',
        region: '510100',
      })
      const first = [{ year: 2026, scheme: 'employee', endedOn: '2026-03-31' }]
      expect((await call('PUT', '/api/me/history', { token, json: { history: first } })).status).toBe(200)
      const second = [...first, { year: 2026, scheme: 'resident', paidOn: '2026-04-02' }]
      expect((await call('PUT', '/api/me/history', { token, json: { history: second } })).status).toBe(200)
      const got = await json(await call('GET', '/api/me/history', { token }))
      expect(got.history.map((e: { scheme: string }) => e.scheme)).toEqual(['employee', 'resident'])
    }))

  it('a Sichuan student paying the whole programme (3 years) is covered in each of those years', () =>
    withToday(async () => {
      const { token } = await login('switch-programme')
      await setProfile(token, {
        name: '郑学',
        idNumber: makeId('510104', '2006-09-01', 33),
        province: '51',
        region: '510100',
      })
      // Paid at school in August 2025 for 2026–2028: before 2026's enrollment period opens, allowed for a whole
      // programme (000 (一)).
      const history = [
        { year: 2025, scheme: 'resident', paidOn: '2024-11-01' },
        { year: 2026, scheme: 'resident', paidOn: '2025-08-20', programmeYears: 3 },
      ]
      const put = await call('PUT', '/api/me/history', { token, json: { history } })
      expect(put.status, await put.clone().text()).toBe(200)
      expect((await json(await call('GET', '/api/me/history', { token }))).history).toEqual(
        history.map((e) => ({ ...e, source: 'self' })),
      )
      for (const year of [2026, 2027, 2028]) {
        const e = (await json(await call('GET', `/api/me/entitlement?year=${year}`, { token }))).evaluation
        expect(e, String(year)).toMatchObject({ covered: true, gapYears: 0, waitingMonths: 0 })
      }
      const after = (await json(await call('GET', '/api/me/entitlement?year=2029', { token }))).evaluation
      expect(after.covered).toBe(false)
    }))

  it("refuses what cannot be, beside the field, with the engine's codes and Chinese messages", () =>
    withToday(async () => {
      const { token } = await login('switch-refusals')
      await setProfile(token, {
        name: '冯一',
        idNumber: makeId('230102', '1980-01-01', 34),
        province: '23',
        region: '230100',
      })
      const cases: [unknown[], string, string][] = [
        [
          [
            { year: 2026, scheme: 'resident', paidOn: '2025-11-01' },
            { year: 2026, scheme: 'resident', paidOn: '2025-11-02' },
          ],
          'history.1.year',
          'DUPLICATE_YEAR',
        ],
        [
          [
            { year: 2026, scheme: 'employee', endedOn: '2026-05-31' },
            { year: 2026, scheme: 'employee', endedOn: '2026-06-30' },
          ],
          'history.1.year',
          'DUPLICATE_YEAR',
        ],
        [
          [
            { year: 2026, scheme: 'employee', endedOn: '2026-05-31' },
            { year: 2026, scheme: 'resident', paidOn: '2026-05-20' },
          ],
          'history.1.year',
          'SWITCH_ORDER',
        ],
        [
          [{ year: 2026, scheme: 'resident', paidOn: '2025-11-01', programmeYears: 3 }],
          'history.0.programmeYears',
          'PROGRAMME_NOT_IN_PROVINCE',
        ],
        [
          [{ year: 2026, scheme: 'employee', programmeYears: 2 }],
          'history.0.programmeYears',
          'RESIDENT_FIELD_ON_EMPLOYEE',
        ],
      ]
      for (const [history, path, code] of cases) {
        const res = await call('PUT', '/api/me/history', { token, json: { history } })
        expect(res.status, JSON.stringify(history)).toBe(422)
        const issues = (await json(res)).error.issues
        expect(issues, JSON.stringify(history)).toContainEqual(
          expect.objectContaining({ path, code, message: expect.stringMatching(/[\u4e00-\u9fff]/) }),
        )
      }
      for (const programmeYears of [0, 21, 2.5]) {
        const history = [{ year: 2026, scheme: 'resident', paidOn: '2025-11-01', programmeYears }]
        const res = await call('PUT', '/api/me/history', { token, json: { history } })
        expect(res.status, String(programmeYears)).toBe(422)
        const issue = (await json(res)).error.issues.find(
          (i: { path: string }) => i.path === 'history.0.programmeYears',
        )
        expect(issue?.message, String(programmeYears)).toMatch(/学制年数/)
      }
      // Nothing refused was stored.
      expect((await json(await call('GET', '/api/me/history', { token }))).history).toEqual([])
    }))

  it('an office record of a switch year replaces both declared entries of that year, and says so', () =>
    withToday(async () => {
      const id = makeId('510104', '1980-01-01', 35)
      const resident = await login('switch-office')
      await setProfile(resident.token, { name: '陈二', idNumber: id, province: '51', region: '510100' })
      const put = await call('PUT', '/api/me/history', {
        token: resident.token,
        json: {
          history: [
            { year: 2026, scheme: 'employee', endedOn: '2026-05-31' },
            { year: 2026, scheme: 'resident', paidOn: '2026-06-10' },
          ],
        },
      })
      expect(put.status).toBe(200)
      const office = await officeUser('switch-office-clerk', '51', '510100')
      const upload = await uploadCsv(
        office.token,
        `身份证号,年度,险种,缴费日期,基金支付金额分,使用激励\n${id},2026,居民,2025-11-05,,\n`,
      )
      expect(upload.status).toBe(201)
      const body = await json(await call('GET', '/api/me/history', { token: resident.token }))
      expect(body.history).toEqual([{ year: 2026, scheme: 'resident', paidOn: '2025-11-05', source: 'office' }])
      expect(body.overriddenSelfYears).toEqual([2026])
    }))
})
