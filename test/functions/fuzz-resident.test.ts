import { beforeAll, describe, it } from 'vitest'
import fc from 'fast-check'
import { callInProcess as call, freshIp, login, makeId, setProfile } from './helpers'
import { RUNS, checkAnswer, contentTypes, dateLike, idLike, jsonish, queryString, yearLike } from './fuzz-support'

let tokens: string[] = []

beforeAll(async () => {
  tokens = []
  for (let i = 0; i < 12; i++) tokens.push((await login(`fuzz-resident-${i}`)).token)
  await setProfile(tokens[0] as string, {
    name: '模糊测试',
    idNumber: makeId('510104', '1985-05-05', 555),
    province: '51',
  })
})

const token = fc.integer({ min: 0, max: 11 }).map((i) => tokens[i] as string)

describe('fuzzing resident routes: never a 500, always our Chinese error shape', () => {
  it('POST /api/auth/login body', async () => {
    const body = fc.oneof(
      fc.record(
        {
          code: fc.oneof(
            fc.string({ maxLength: 140 }),
            fc.stringMatching(/^dev:[a-z0-9_-]{1,40}$/),
            fc.integer(),
            jsonish,
          ),
        },
        { requiredKeys: [] },
      ),
      jsonish,
    )
    await fc.assert(
      fc.asyncProperty(body, contentTypes, async (value, type) => {
        const res = await call('POST', '/api/auth/login', {
          body: JSON.stringify(value),
          headers: { 'content-type': type, 'cf-connecting-ip': freshIp() },
        })
        await checkAnswer(res)
      }),
      { numRuns: RUNS },
    )
  })

  it('PUT /api/me/profile body', async () => {
    const body = fc.oneof(
      fc.record(
        {
          name: fc.oneof(
            fc.constantFrom('张三', '阿依古丽·买买提', 'Li Lei', ''),
            fc.string({ maxLength: 40 }),
            fc.integer(),
          ),
          idNumber: idLike,
          province: fc.oneof(fc.constantFrom('51', '14', '23', '52', '36', '11'), fc.string({ maxLength: 3 })),
          region: fc.oneof(
            fc.constantFrom('510100', '140500', '230100', '999900'),
            fc.stringMatching(/^\d{6}$/),
            fc.string({ maxLength: 7 }),
          ),
          extra: jsonish,
        },
        { requiredKeys: [] },
      ),
      jsonish,
    )
    await fc.assert(
      fc.asyncProperty(token, body, async (t, value) => {
        const ids =
          typeof (value as { idNumber?: unknown })?.idNumber === 'string'
            ? [(value as { idNumber: string }).idNumber]
            : []
        const secrets = ids.filter((id) => /^\d{17}[\dXx]$/.test(id))
        await checkAnswer(await call('PUT', '/api/me/profile', { token: t, json: value }), secrets)
      }),
      { numRuns: RUNS },
    )
  })

  it('PUT /api/me/history body', async () => {
    const entry = fc.record(
      {
        year: yearLike,
        scheme: fc.oneof(fc.constantFrom('resident', 'employee'), fc.string({ maxLength: 8 })),
        paidOn: dateLike,
        fundPaidFen: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.string({ maxLength: 4 })),
        incentiveUsed: fc.oneof(fc.boolean(), fc.integer({ min: 0, max: 1 })),
        endedOn: dateLike,
        // issue 14: a Sichuan whole-programme payment, inside and outside the engine's bounds
        programmeYears: fc.oneof(fc.integer({ min: -1, max: 22 }), fc.double(), fc.string({ maxLength: 2 })),
      },
      { requiredKeys: ['year', 'scheme'] },
    )
    const group = fc.record(
      {
        kind: fc.oneof(
          fc.constantFrom(
            'newborn',
            'student-first-enrollment',
            'veteran-discharged',
            'left-other-system',
            'assistance-funded',
          ),
          fc.string(),
        ),
        exitedOn: dateLike,
        year: yearLike,
      },
      { requiredKeys: ['kind'] },
    )
    const body = fc.oneof(
      fc.record(
        {
          history: fc.array(entry, { maxLength: 12 }),
          groups: fc.array(group, { maxLength: 3 }),
          backPaidYears: fc.array(yearLike, { maxLength: 4 }),
        },
        { requiredKeys: ['history'] },
      ),
      jsonish,
    )
    await fc.assert(
      fc.asyncProperty(token, body, async (t, value) => {
        await checkAnswer(await call('PUT', '/api/me/history', { token: t, json: value }))
      }),
      { numRuns: RUNS },
    )
  })

  it('GET /api/me/entitlement query (and the history it evaluates)', async () => {
    const query = queryString([
      'year',
      'baseCapYuan',
      'stepYuan',
      'contributionFen',
      'enrollmentStart',
      'enrollmentEnd',
    ])
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        // tokens[0] has a profile, so valid queries reach the rules engine.
        await checkAnswer(await call('GET', `/api/me/entitlement?${q}`, { token: tokens[0] as string }))
      }),
      { numRuns: RUNS },
    )
  })

  for (const path of ['/api/me', '/api/me/profile', '/api/me/history', '/api/health', '/api/openapi.json']) {
    it(`GET ${path} query`, async () => {
      await fc.assert(
        fc.asyncProperty(token, queryString(['year', 'limit', 'after']), async (t, q) => {
          await checkAnswer(await call('GET', `${path}?${q}`, { token: t }))
        }),
        { numRuns: RUNS },
      )
    })
  }

  it('Authorization headers', async () => {
    const header = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.stringMatching(/^Bearer [A-Za-z0-9_.-]{0,120}$/),
      token.map((t) => `Bearer ${t.slice(0, -3)}${'abc'}`),
    )
    await fc.assert(
      fc.asyncProperty(header, async (h) => {
        await checkAnswer(await call('GET', '/api/me', { headers: { authorization: h } }))
      }),
      { numRuns: RUNS },
    )
  })
})
