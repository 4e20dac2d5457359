import { describe, expect, it } from 'vitest'
import * as v from 'valibot'
import { HistoryRequestSchema } from '../../../shared/api/history'

const parse = (body: unknown) => v.safeParse(HistoryRequestSchema, body)
const messagesAt = (body: unknown, path: string) => {
  const result = parse(body)
  if (result.success) return []
  return result.issues.filter((i) => (i.path ?? []).map((p) => p.key).join('.') === path).map((i) => i.message)
}

describe('HistoryRequestSchema (issue 14: switch years and whole-programme payments)', () => {
  it('accepts a year with an employee entry ended mid-year and a resident entry (the engine judges the pair)', () => {
    const body = {
      history: [
        { year: 2026, scheme: 'employee', endedOn: '2026-05-31' },
        { year: 2026, scheme: 'resident', paidOn: '2026-06-10' },
      ],
    }
    expect(parse(body).success).toBe(true)
  })

  it('accepts a whole-programme payment within the engine bounds and refuses one outside, in Chinese', () => {
    const entry = (programmeYears: unknown) => ({
      history: [{ year: 2026, scheme: 'resident', paidOn: '2025-08-20', programmeYears }],
    })
    expect(parse(entry(1)).success).toBe(true)
    expect(parse(entry(20)).success).toBe(true)
    for (const bad of [0, 21, 2.5, '3']) {
      const messages = messagesAt(entry(bad), 'history.0.programmeYears')
      expect(messages.length, String(bad)).toBeGreaterThan(0)
      expect(messages.join(''), String(bad)).toMatch(/学制年数/)
    }
  })
})
