import { beforeAll, describe, it } from 'vitest'
import fc from 'fast-check'
import { callInProcess as call } from './helpers'
import { RUNS, checkAnswer, contentTypes, idLike, jsonish, yearLike } from './fuzz-support'
import { childBinding, nextYear, payer, setStandard } from './family-support'

let tokens: string[] = []
let bindingId = ''

beforeAll(async () => {
  await setStandard('510100', nextYear(), 40_000)
  const p = await payer('fam-fuzz-payer', 100_000_000)
  bindingId = await childBinding(p.token)
  tokens = [p.token, (await payer('fam-fuzz-other', 0)).token]
})

const token = fc.integer({ min: 0, max: 1 }).map((i) => tokens[i] as string)
const relationshipLike = fc.oneof(
  fc.constantFrom('spouse', 'parent', 'child', 'sibling', 'grandparent', 'maternal-grandchild', 'cousin'),
  fc.string({ maxLength: 20 }),
  fc.integer(),
)

describe('fuzzing family routes: never a 500, always our Chinese error shape, never a whole ID number', () => {
  it('POST /api/family/invitations body', async () => {
    const body = fc.oneof(
      fc.record(
        {
          relationship: relationshipLike,
          name: fc.oneof(fc.constantFrom('王芳', '阿依古丽·买买提', ''), fc.string({ maxLength: 40 }), fc.integer()),
          idNumber: idLike,
          province: fc.oneof(fc.constantFrom('51', '14', '23', '52', '36', '11'), fc.string({ maxLength: 3 })),
          region: fc.oneof(fc.constantFrom('510100', '230100', '999900'), fc.string({ maxLength: 7 })),
          guardian: fc.oneof(fc.boolean(), fc.string({ maxLength: 3 })),
          extra: jsonish,
        },
        { requiredKeys: [] },
      ),
      jsonish,
    )
    await fc.assert(
      fc.asyncProperty(token, body, async (t, value) => {
        const id = (value as { idNumber?: unknown })?.idNumber
        const secrets = typeof id === 'string' && /^\d{17}[\dXx]$/.test(id) ? [id] : []
        await checkAnswer(await call('POST', '/api/family/invitations', { token: t, json: value }), secrets)
      }),
      { numRuns: RUNS },
    )
  })

  it('POST /api/family/invitations/accept body', async () => {
    const body = fc.oneof(
      fc.record(
        { code: fc.oneof(fc.stringMatching(/^[A-Z2-9]{8}$/), fc.string({ maxLength: 12 }), fc.integer()) },
        { requiredKeys: [] },
      ),
      jsonish,
    )
    await fc.assert(
      fc.asyncProperty(token, body, contentTypes, async (t, value, type) => {
        await checkAnswer(
          await call('POST', '/api/family/invitations/accept', {
            token: t,
            body: JSON.stringify(value),
            headers: { 'content-type': type },
          }),
        )
      }),
      { numRuns: RUNS },
    )
  })

  it('POST /api/family/payments body and Idempotency-Key', async () => {
    const body = fc.oneof(
      fc.record(
        {
          relativeId: fc.oneof(
            fc.constant(bindingId),
            fc.stringMatching(/^fb_[0-9a-f]{24}$/),
            fc.string({ maxLength: 30 }),
          ),
          year: fc.oneof(yearLike, fc.constant(nextYear())),
          item: fc.oneof(
            fc.constantFrom('resident-contribution', 'long-term-care', 'other'),
            fc.string({ maxLength: 10 }),
          ),
        },
        { requiredKeys: [] },
      ),
      jsonish,
    )
    const key = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), fc.string({ maxLength: 80 }), fc.constant(''))
    await fc.assert(
      fc.asyncProperty(token, body, key, async (t, value, k) => {
        const headers: Record<string, string> = {}
        if (k !== '' && !/[\r\n\0]/.test(k)) {
          try {
            new Headers({ 'idempotency-key': k })
            headers['idempotency-key'] = k
          } catch {
            // a value no HTTP client can send
          }
        }
        await checkAnswer(await call('POST', '/api/family/payments', { token: t, json: value, headers }))
      }),
      { numRuns: RUNS },
    )
  })

  it('GET and DELETE by id', async () => {
    const id = fc.oneof(
      fc.stringMatching(/^f[bp]_[0-9a-f]{24}$/),
      fc.constant(bindingId),
      fc.string({ maxLength: 30 }).map(encodeURIComponent),
    )
    await fc.assert(
      fc.asyncProperty(token, id, fc.boolean(), async (t, value, del) => {
        const res = del
          ? await call('DELETE', `/api/family/members/${value}x`, { token: t })
          : await call('GET', `/api/family/payments/${value}`, { token: t })
        await checkAnswer(res)
      }),
      { numRuns: RUNS },
    )
  })
})
