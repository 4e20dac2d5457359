import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { parseApiError } from '@canbao/shared'
import { call, json, login, makeId, officeUser, setProfile, uploadCsv } from './helpers'

// 2026-03-01 09:00 Beijing: the 2026 coverage year's enrollment period (D2: 2025-09-01 – 2025-12-31) has
// started and ended; the 2027 one has not started.
const NOW = new Date('2026-03-01T01:00:00Z')

const SOURCE = {
  docNo: '洪医保发〔2025〕9号',
  title: '关于做好2026年度城乡居民医保集中参保工作的通知',
  issuer: '南昌市医疗保障局',
  issuedOn: '2025-08-20',
  link: 'https://example.gov.cn/notice',
}
const JIANGXI_WINDOW = [{ start: '2025-09-15', end: '2026-02-28' }]

let seq = 0
const propose = (token: string, body: Record<string, unknown>) =>
  call('POST', '/api/office/figures/proposals', { token, json: { source: SOURCE, ...body } })
const approve = (token: string, id: string, note?: string) =>
  call('POST', `/api/office/figures/proposals/${id}/approve`, { token, json: note ? { note } : {} })
const reject = (token: string, id: string, note?: string) =>
  call('POST', `/api/office/figures/proposals/${id}/reject`, { token, json: note ? { note } : {} })

async function offices(tag: string) {
  const maker = await officeUser(`reg-${tag}-maker`, '36', '360100')
  const checker = await officeUser(`reg-${tag}-checker`, '36', '360100')
  return { maker: maker.token, checker: checker.token }
}

/**
 * A Nanchang resident covered in 2025 who paid for 2026 on 2026-02-10: late under D2, on time under a window
 * to 02-28.
 */
async function jiangxiResident(tag: string) {
  const { token } = await login(`reg-${tag}-resident`)
  await setProfile(token, {
    name: '钱八',
    idNumber: makeId('360102', '1970-05-05', ++seq),
    province: '36',
    region: '360100',
  })
  const res = await call('PUT', '/api/me/history', {
    token,
    json: {
      history: [
        { year: 2025, scheme: 'resident', paidOn: '2024-10-01' },
        { year: 2026, scheme: 'resident', paidOn: '2026-02-10' },
      ],
    },
  })
  expect(res.status, await res.clone().text()).toBe(200)
  return token
}

const entitlement = async (token: string, year = 2026) =>
  json(await call('GET', `/api/me/entitlement?year=${year}`, { token }))

describe('region figure registry', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(NOW)
  })
  afterEach(() => vi.useRealTimers())

  it('changes the engine answer when — and only when — a second office user approves the window', async () => {
    const { maker, checker } = await offices('engine')
    const resident = await jiangxiResident('engine')

    const before = await entitlement(resident)
    expect(before.evaluation).toMatchObject({ late: true, waitingMonths: 3 })
    expect(before.regionFigures.items.find((i: { kind: string }) => i.kind === 'periods')).toMatchObject({
      status: 'missing',
      missingZh: '南昌市2026年度集中参保期尚未公布',
    })

    // The 2026 period has started: a change needs a reason, said next to the field.
    const noReason = await propose(maker, { year: 2026, kind: 'periods', value: JIANGXI_WINDOW })
    expect(noReason.status).toBe(422)
    expect(parseApiError(await json(noReason))?.issues).toEqual([
      expect.objectContaining({ path: 'reason', message: expect.stringMatching(/集中参保期已经开始.*修改原因/) }),
    ])

    const proposed = await propose(maker, {
      year: 2026,
      kind: 'periods',
      value: JIANGXI_WINDOW,
      reason: '市局通知延长至2月28日',
    })
    expect(proposed.status).toBe(201)
    const { proposal } = await json(proposed)
    expect(proposal).toMatchObject({
      status: 'pending',
      periodStarted: true,
      proposedByMe: true,
      valueZh: '2025年9月15日至2026年2月28日',
    })

    // Proposed is not served.
    expect((await entitlement(resident)).evaluation).toMatchObject({ late: true, waitingMonths: 3 })

    // The maker cannot be the checker.
    const self = await approve(maker, proposal.id)
    expect(self.status).toBe(403)
    expect(parseApiError(await json(self))).toMatchObject({
      code: 'FIGURE_SELF_APPROVAL',
      message: expect.stringMatching(/另一位/),
    })
    expect((await entitlement(resident)).evaluation.waitingMonths).toBe(3)

    const approved = await approve(checker, proposal.id, '已核对原文')
    expect(approved.status).toBe(200)
    expect((await json(approved)).proposal).toMatchObject({ status: 'approved', note: '已核对原文' })

    const after = await entitlement(resident)
    expect(after.evaluation).toMatchObject({ late: false, waitingMonths: 0, benefitStart: '2026-01-01' })
    expect(after.regionFigures.version).toBeGreaterThan(before.regionFigures.version)
    expect(after.regionFigures.items.find((i: { kind: string }) => i.kind === 'periods')).toMatchObject({
      status: 'published',
      sourceZh: '南昌市医疗保障局 洪医保发〔2025〕9号',
      valueZh: '2025年9月15日至2026年2月28日',
    })
    // The explanation of "late" cites the region's notice when a payment is late under it.
    const again = await approve(checker, proposal.id)
    expect(again.status).toBe(409)
    expect(parseApiError(await json(again))?.code).toBe('FIGURE_NOT_PENDING')

    // A figure is for its coverage year only: 2027 still uses the D2 default.
    const y2027 = await entitlement(resident, 2027)
    expect(y2027.regionFigures.items.find((i: { kind: string }) => i.kind === 'periods').status).toBe('missing')
  })

  it('keeps every proposal, approval, rejection and supersession with who, when, before and after', async () => {
    const { maker, checker } = await offices('audit')
    const first = (await json(await propose(maker, { year: 2027, kind: 'contribution', value: 40_000 }))).proposal
    // A newer proposal for the same figure supersedes the waiting one.
    const second = (await json(await propose(maker, { year: 2027, kind: 'contribution', value: 41_000 }))).proposal
    expect((await approve(checker, first.id)).status).toBe(409)
    expect((await approve(checker, second.id)).status).toBe(200)
    // A correction replaces the published figure; the old value is kept in the trail.
    const third = (await json(await propose(checker, { year: 2027, kind: 'contribution', value: 42_000 }))).proposal
    expect(third.beforeZh).toBe('410元')
    const rejectWithout = await reject(maker, third.id)
    expect(rejectWithout.status).toBe(422)
    expect(parseApiError(await json(rejectWithout))?.issues?.[0]).toMatchObject({
      path: 'note',
      message: expect.stringMatching(/退回原因/),
    })
    expect((await reject(maker, third.id, '文号有误')).status).toBe(200)
    const fourth = (await json(await propose(checker, { year: 2027, kind: 'contribution', value: 43_000 }))).proposal
    expect((await approve(maker, fourth.id)).status).toBe(200)

    const view = await json(await call('GET', '/api/office/figures', { token: maker }))
    const mine = new Set([first.id, second.id, third.id, fourth.id])
    const statuses = Object.fromEntries(
      view.proposals
        .filter((p: { id: string }) => mine.has(p.id))
        .map((p: { id: string; status: string }) => [p.id, p.status]),
    )
    expect(statuses).toEqual({
      [first.id]: 'superseded',
      [second.id]: 'approved',
      [third.id]: 'rejected',
      [fourth.id]: 'approved',
    })
    const trail = view.events
      .filter((e: { kind: string; year: number }) => e.kind === 'contribution' && e.year === 2027)
      .reverse()
      .map(
        (e: { action: string; beforeZh: string | null; afterZh: string | null; note: string | null }) =>
          `${e.action}:${e.beforeZh ?? '-'}→${e.afterZh ?? '-'}${e.note ? `:${e.note}` : ''}`,
      )
    expect(trail).toEqual([
      'proposed:-→400元',
      'superseded:400元→410元:被新的提议取代',
      'proposed:-→410元',
      'approved:-→410元',
      'proposed:410元→420元',
      'rejected:410元→420元:文号有误',
      'proposed:410元→430元',
      'replaced:410元→430元',
      'approved:410元→430元',
    ])
    expect(
      view.events.every(
        (e: { actor: string; at: string }) => e.actor.startsWith('u_') && e.at.startsWith('2026-03-01'),
      ),
    ).toBe(true)
    const year2027 = view.years.find((y: { year: number }) => y.year === 2027)
    expect(year2027.figures.find((f: { kind: string }) => f.kind === 'contribution')).toMatchObject({
      status: 'published',
      valueZh: '430元',
    })
    expect(year2027.missingZh).toEqual(['2027年度大病保险原封顶线', '2027年度集中参保期'])
    // Review 53: on 1 March 2026 the 2026 period (default, ending 2025-12-31 or later) is over, 2027's not begun.
    expect(year2027).toMatchObject({ periodStarted: false, periodEnded: false })
    expect(view.years.find((y: { year: number }) => y.year === 2026)).toMatchObject({
      periodStarted: true,
      periodEnded: true,
    })
  })

  it('refuses figures the documents rule out, with the reason in Chinese next to the field', async () => {
    const shanxi = (await officeUser('reg-val-sx', '14', '140500')).token
    const hlj = (await officeUser('reg-val-hlj', '23', '230100')).token
    const sichuan = (await officeUser('reg-val-sc', '51', '510100')).token
    const jx = (await officeUser('reg-val-jx', '36', '360100')).token
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      [shanxi, { year: 2027, kind: 'base-cap', value: 80_000 }, 'value', /必须高于最多可降低的额度8万元/],
      [hlj, { year: 2027, kind: 'step', value: 999 }, 'value', /不得低于1000元/],
      [shanxi, { year: 2027, kind: 'step', value: 3000 }, 'kind', /省级文件统一规定/],
      [sichuan, { year: 2027, kind: 'base-cap', value: 400_000 }, 'kind', /省级文件统一规定/],
      [jx, { year: 2025, kind: 'contribution', value: 39_999, reason: '更正' }, 'value', /最低标准为400元/],
      [jx, { year: 2027, kind: 'contribution', value: 40_000.5 }, 'value', /整数分/],
      [
        jx,
        {
          year: 2027,
          kind: 'periods',
          value: [
            { start: '2026-09-01', end: '2026-12-31' },
            { start: '2026-12-15', end: '2027-02-28' },
          ],
        },
        'value.1.start',
        /第2段必须在第1段结束/,
      ],
      [
        jx,
        { year: 2027, kind: 'periods', value: [{ start: '2026-12-31', end: '2026-09-01' }] },
        'value.0.end',
        /结束日期必须晚于开始日期/,
      ],
      [
        jx,
        { year: 2027, kind: 'periods', value: [{ start: '2026-02-30', end: '2026-12-31' }] },
        'value.0.start',
        /年-月-日/,
      ],
      [
        jx,
        { year: 2027, kind: 'decisions', value: { mechanismStartYear: 2024 } },
        'value.mechanismStartYear',
        /不是可以由地区调整的口径/,
      ],
    ]
    for (const [token, body, path, message] of cases) {
      const res = await propose(token, body)
      expect(res.status, JSON.stringify(body)).toBe(422)
      const issues = parseApiError(await json(res))?.issues ?? []
      expect(issues, JSON.stringify(body)).toContainEqual(
        expect.objectContaining({ path, message: expect.stringMatching(message) }),
      )
    }
    // The accepted counterparts of the cases above.
    expect((await propose(hlj, { year: 2027, kind: 'step', value: 1000 })).status).toBe(201)
    expect((await propose(shanxi, { year: 2027, kind: 'base-cap', value: 80_001 })).status).toBe(201)
    expect(
      (
        await propose(jx, {
          year: 2027,
          kind: 'periods',
          value: [
            { start: '2026-09-01', end: '2026-12-31' },
            { start: '2027-01-01', end: '2027-02-28' },
          ],
        })
      ).status,
    ).toBe(201)
  })

  it('keeps each area to its own figures; residents see no proposals', async () => {
    const { maker } = await offices('scope')
    const jingdezhen = (await officeUser('reg-scope-jdz', '36', '360200')).token
    const province = (await officeUser('reg-scope-prov', '36', null)).token
    const sichuan = (await officeUser('reg-scope-sc', '51', '510100')).token
    const { proposal } = await json(await propose(maker, { year: 2027, kind: 'contribution', value: 40_000 }))

    for (const other of [jingdezhen, province, sichuan]) {
      const res = await approve(other, proposal.id)
      expect(res.status).toBe(404)
      expect((await reject(other, proposal.id, '不同意')).status).toBe(404)
      const view = await json(await call('GET', '/api/office/figures', { token: other }))
      expect(view.proposals.some((p: { id: string }) => p.id === proposal.id)).toBe(false)
    }
    const foreign = await propose(jingdezhen, { region: '360100', year: 2027, kind: 'contribution', value: 40_000 })
    expect(foreign.status).toBe(403)
    expect(parseApiError(await json(foreign))?.message).toMatch(/本地区/)
    // A province office keeps the province default, not its prefectures'.
    expect(
      (await propose(province, { region: '360100', year: 2027, kind: 'contribution', value: 40_000 })).status,
    ).toBe(403)
    const provinceDefault = await propose(province, { year: 2027, kind: 'contribution', value: 40_000 })
    expect(provinceDefault.status).toBe(201)
    expect((await json(provinceDefault)).proposal.region).toBe('360000')

    const resident = await jiangxiResident('scope')
    for (const [method, path] of [
      ['GET', '/api/office/figures'],
      ['POST', '/api/office/figures/proposals'],
      ['POST', `/api/office/figures/proposals/${proposal.id}/approve`],
    ] as const) {
      const res = await call(method, path, {
        token: resident,
        ...(method === 'POST' ? { json: { year: 2027, kind: 'contribution', value: 40_000, source: SOURCE } } : {}),
      })
      expect(res.status).toBe(403)
      expect(parseApiError(await json(res))?.message).toMatch(/医保经办机构/)
    }
    expect((await call('GET', '/api/office/figures')).status).toBe(401)
  })

  it('judges an office import by the same published windows as the entitlement answer', async () => {
    const { maker, checker } = await offices('import')
    // Paid 2025-08-20 for 2026: before the D2 default period opens (09-01), inside a window from 08-15.
    const csv = `身份证号,年度,险种,缴费日期\n${makeId('360102', '1966-06-06', ++seq)},2026,居民,2025-08-20\n`
    const refused = await uploadCsv(maker, csv, 'before.csv')
    expect(refused.status).toBe(422)
    expect(JSON.stringify(await json(refused))).toMatch(/缴费日期/)

    const proposed = await propose(maker, {
      year: 2026,
      kind: 'periods',
      value: [{ start: '2025-08-15', end: '2026-02-28' }],
      reason: '市局通知提前开始',
    })
    const { proposal } = await json(proposed)
    expect((await approve(checker, proposal.id)).status).toBe(200)
    const accepted = await uploadCsv(maker, csv, 'after.csv')
    expect(accepted.status, await accepted.clone().text()).toBeLessThan(300)
  })

  it('answers malformed and oversized bodies with a 4xx in Chinese', async () => {
    const { maker } = await offices('bodies')
    const send = (body: BodyInit, type = 'application/json') =>
      call('POST', '/api/office/figures/proposals', { token: maker, body, headers: { 'content-type': type } })
    const cases: [Response, number][] = [
      [await send('{"year": 2027,'), 400],
      [await send('year=2027', 'application/x-www-form-urlencoded'), 400],
      [
        await send(
          JSON.stringify({
            year: 2027,
            kind: 'contribution',
            value: 40_000,
            source: { ...SOURCE, title: 'x'.repeat(20_000) },
          }),
        ),
        413,
      ],
      [await send(JSON.stringify({ year: 2027, kind: 'contribution', value: 40_000 })), 422],
      [await send(JSON.stringify({ year: '2027', kind: 'what', value: 1, source: SOURCE })), 422],
      [await send(JSON.stringify([1, 2, 3])), 422],
      [
        await send(
          JSON.stringify({
            year: 2027,
            kind: 'contribution',
            value: 40_000,
            source: { ...SOURCE, link: 'javascript:alert(1)' },
          }),
        ),
        422,
      ],
    ]
    for (const [res, status] of cases) {
      expect(res.status).toBe(status)
      expect(parseApiError(await json(res))?.message).toMatch(/[\u4e00-\u9fff]/)
    }
    const missingSource = parseApiError(
      await json(await send(JSON.stringify({ year: 2027, kind: 'contribution', value: 40_000 }))),
    )
    expect(missingSource?.issues?.[0]?.message).toMatch(/来源文件/)
    expect(
      (await call('POST', '/api/office/figures/proposals/rfp_nothing/approve', { token: maker, json: {} })).status,
    ).toBe(404)
  })

  it('serves a province its published set with an ETag, to signed-in accounts only', async () => {
    const { maker, checker } = await offices('set')
    const { token } = await login('reg-set-reader')
    expect((await call('GET', '/api/figures?province=36')).status).toBe(401)
    const bad = await call('GET', '/api/figures?province=99', { token })
    expect(bad.status).toBe(422)
    expect(parseApiError(await json(bad))?.issues?.[0]?.message).toMatch(/省份/)

    const first = await call('GET', '/api/figures?province=36', { token })
    expect(first.status).toBe(200)
    const etag = first.headers.get('etag') as string
    const set = await json(first)
    expect((await call('GET', '/api/figures?province=36', { token, headers: { 'if-none-match': etag } })).status).toBe(
      304,
    )

    const { proposal } = await json(await propose(maker, { year: 2027, kind: 'contribution', value: 40_000 }))
    // Pending: the set has not changed.
    expect((await call('GET', '/api/figures?province=36', { token, headers: { 'if-none-match': etag } })).status).toBe(
      304,
    )
    await approve(checker, proposal.id)
    const changed = await call('GET', '/api/figures?province=36', { token, headers: { 'if-none-match': etag } })
    expect(changed.status).toBe(200)
    const next = await json(changed)
    expect(next.version).toBeGreaterThan(set.version)
    expect(next.figures).toContainEqual(
      expect.objectContaining({
        region: '360100',
        year: 2027,
        kind: 'contribution',
        value: 40_000,
        status: 'published',
        source: expect.objectContaining({ docNo: SOURCE.docNo }),
      }),
    )
    expect(next.figures.every((f: { region: string }) => f.region.startsWith('36'))).toBe(true)
    // Another province's set does not carry it.
    const sichuan = await json(await call('GET', '/api/figures?province=51', { token }))
    expect(sichuan.figures.some((f: { region: string }) => f.region === '360100')).toBe(false)
  })
})
