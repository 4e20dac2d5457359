import { expect } from 'vitest'
import fc from 'fast-check'
import { parseApiError } from '@canbao/shared'
import { makeId } from './helpers'

export const RUNS = 1_000
const CJK = /[\u4e00-\u9fff]/

/** What every answer must satisfy, whatever was sent: no 500, our JSON error shape in Chinese, no raw IDs. */
export async function checkAnswer(res: Response, secrets: readonly string[] = []): Promise<unknown> {
  const text = await res.text()
  expect(res.status, text.slice(0, 300)).toBeLessThan(500)
  for (const secret of secrets) expect(text).not.toContain(secret)
  const body: unknown = JSON.parse(text)
  if (res.status >= 400) {
    const error = parseApiError(body)
    expect(error, text.slice(0, 300)).not.toBeNull()
    expect(error?.message).toMatch(CJK)
    const issues = (body as { error: { issues?: { message: string }[] } }).error.issues ?? []
    for (const issue of issues) expect(issue.message, JSON.stringify(issue)).toMatch(CJK)
  }
  return body
}

/** Dates: real, impossible, and not dates at all. */
export const dateLike = fc.oneof(
  fc
    .date({ min: new Date('1899-01-01'), max: new Date('2101-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc
    .tuple(fc.integer({ min: 1800, max: 2200 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  fc.string(),
)

/** ID numbers: valid ones, near-misses (one digit off), and noise. */
export const idLike = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('510104', '140105', '230102', '520102', '360102', '110101', '990101'),
      fc.date({ min: new Date('1900-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
      fc.integer({ min: 0, max: 999 }),
    )
    .map(([region, d, seq]) => makeId(region, d.toISOString().slice(0, 10), seq)),
  fc.tuple(fc.stringMatching(/^\d{17}$/), fc.constantFrom('0', '1', 'X', 'x', '9')).map(([a, b]) => a + b),
  fc.string({ maxLength: 40 }),
  fc.integer(),
)

export const yearLike = fc.oneof(
  fc.integer({ min: 1890, max: 2110 }),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 6 }),
  fc.constant(null),
)

/** Anything JSON can carry, with a bias towards the shape a route expects. */
export const jsonish = fc.jsonValue({ maxDepth: 3 })

export const queryValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer().map(String),
  fc.stringMatching(/^\d{1,5}$/),
  fc.constant(''),
)

export function queryString(keys: readonly string[]) {
  return fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })), queryValue), { maxLength: 6 })
    .map((pairs) => new URLSearchParams(pairs).toString())
}

export const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'text/csv',
  '',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
)
