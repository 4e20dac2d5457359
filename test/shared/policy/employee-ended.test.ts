// 王五 (Heilongjiang): employee cover until 2026-06-30, resident from 2027. The answer for 2026 says what
// covers him after June — nothing — and, per the switch rule and its clause, how he could have been covered.

import { describe, expect, test } from 'vitest'
import { renderExplanationZh, type HistoryEntry } from '../../../shared/policy/index'
import { run } from './helpers'

const wangwu: HistoryEntry[] = [
  { year: 2025, scheme: 'employee', endedOn: '2025-12-31' },
  { year: 2026, scheme: 'employee', endedOn: '2026-06-30' },
  { year: 2027, scheme: 'resident', paidOn: '2026-09-15' },
]

describe('employee cover that ends mid-year', () => {
  test('Heilongjiang: July–December is explained with the switch window and 002 (三)', () => {
    const e = run({ province: '23', region: '230100', birthDate: '1988-09-09', year: 2026, history: wangwu })
    expect(e.covered).toBe(false)
    const step = e.explanation.find((s) => s.code === 'EMPLOYEE_ENDED_SWITCH')
    expect(step?.cite).toBe('002 (三)')
    const text = renderExplanationZh(e.explanation).join('\n')
    expect(text).toContain(
      '职工医保于2026年6月30日停保，2026年7月1日至2026年12月31日没有参加居民医保，这段时间没有基本医保待遇',
    )
    expect(text).toContain('停保后3个月内（2026年9月30日前）参加居民医保缴费，按规定补缴后不设待遇等待期')
    expect(text).toContain('2027年度居民医保已于2026年9月15日缴费')
  })

  test('a province without the switch rule still says the months are uncovered', () => {
    const e = run({ province: '51', year: 2026, history: wangwu.slice(0, 2) })
    expect(e.explanation.map((s) => s.code)).toContain('EMPLOYEE_ENDED')
    expect(renderExplanationZh(e.explanation).join('\n')).toContain('2026年7月1日至2026年12月31日没有参加居民医保')
  })

  test('employee cover to the end of the year needs no such step', () => {
    const e = run({ province: '23', year: 2025, history: wangwu })
    expect(e.explanation.map((s) => s.code).filter((c) => c.startsWith('EMPLOYEE_ENDED'))).toEqual([])
  })
})
