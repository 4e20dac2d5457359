import { beforeAll, describe, it } from 'vitest'
import fc from 'fast-check'
import { callInProcess as call, officeUser } from './helpers'
import { RUNS, checkAnswer, dateLike, idLike, jsonish, queryString } from './fuzz-support'

let office = ''

beforeAll(async () => {
  office = (await officeUser('fuzz-office', '51', '510100')).token
})

const field = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('居民', '职工', 'resident', '是', '否', '', '"', '""', ','),
  fc.nat().map(String),
)

/** CSV-shaped text: a header that is sometimes right, then lines of plausible and implausible fields. */
const csvText = fc
  .tuple(
    fc.oneof(
      fc.constant('身份证号,年度,险种,缴费日期,基金支付金额分,使用激励'),
      fc.constant('id_number,year,scheme,paid_on'),
      fc.string({ maxLength: 40 }),
    ),
    fc.array(
      fc.tuple(
        idLike.map(String),
        fc.oneof(fc.integer({ min: 2020, max: 2030 }).map(String), field),
        field,
        dateLike,
        field,
        field,
      ),
      { maxLength: 8 },
    ),
    fc.constantFrom('\n', '\r\n', '\r'),
    fc.boolean(),
  )
  .map(([header, rows, eol, bom]) => (bom ? '\uFEFF' : '') + [header, ...rows.map((r) => r.join(','))].join(eol))

describe('fuzzing office routes: never a 500, always our Chinese error shape', () => {
  it('POST /api/office/imports body', async () => {
    const body = fc.oneof(
      csvText.map((t) => new TextEncoder().encode(t)),
      fc.uint8Array({ maxLength: 200 }),
      fc.string({ maxLength: 200 }).map((t) => new TextEncoder().encode(t)),
    )
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom('text/csv', 'text/csv; charset=utf-8', 'application/octet-stream', 'application/json', ''),
        // The original file name travels percent-encoded in a header: malformed escapes included.
        fc.oneof(
          fc.constant(undefined),
          fc.stringMatching(/^[ -~]{1,30}$/),
          fc.constantFrom('%E6%88%90%E9%83%BD.csv', '%', '%E6%88', '%%41'),
        ),
        async (bytes, type, fileName) => {
          const secrets = new TextDecoder().decode(bytes).match(/\b\d{17}[\dX]\b/g) ?? []
          const headers: Record<string, string> = { 'content-type': type }
          if (fileName !== undefined) headers['x-file-name'] = fileName
          await checkAnswer(await call('POST', '/api/office/imports', { token: office, body: bytes, headers }), secrets)
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('GET /api/office/imports query', async () => {
    await fc.assert(
      fc.asyncProperty(queryString(['limit']), async (q) => {
        await checkAnswer(await call('GET', `/api/office/imports?${q}`, { token: office }))
      }),
      { numRuns: RUNS },
    )
  })

  it('GET /api/office/imports/:id path', async () => {
    const id = fc.oneof(fc.stringMatching(/^imp_[0-9a-f]{32}$/), fc.string({ maxLength: 40 }).map(encodeURIComponent))
    await fc.assert(
      fc.asyncProperty(id, async (value) => {
        await checkAnswer(await call('GET', `/api/office/imports/${value}`, { token: office }))
      }),
      { numRuns: RUNS },
    )
  })

  it('POST /api/office/residents/lookup body', async () => {
    const body = fc.oneof(fc.record({ idNumber: idLike, extra: jsonish }, { requiredKeys: [] }), jsonish)
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const id = (value as { idNumber?: unknown } | null)?.idNumber
        await checkAnswer(
          await call('POST', '/api/office/residents/lookup', { token: office, json: value }),
          typeof id === 'string' && /^\d{17}[\dX]$/.test(id) ? [id] : [],
        )
      }),
      { numRuns: RUNS },
    )
  })

  it('GET /api/office/residents query', async () => {
    await fc.assert(
      fc.asyncProperty(queryString(['limit', 'after']), async (q) => {
        await checkAnswer(await call('GET', `/api/office/residents?${q}`, { token: office }))
      }),
      { numRuns: RUNS },
    )
  })

  it('GET /api/office/residents/:ref path', async () => {
    const ref = fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.string({ maxLength: 70 }).map(encodeURIComponent))
    await fc.assert(
      fc.asyncProperty(ref, async (value) => {
        await checkAnswer(await call('GET', `/api/office/residents/${value}`, { token: office }))
      }),
      { numRuns: RUNS },
    )
  })
})
