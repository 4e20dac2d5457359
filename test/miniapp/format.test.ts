import { describe, expect, it } from 'vitest'
import { cstMomentText, groupDigits, yuanText } from '../../miniapp/src/lib/format'

describe('figures without Intl', () => {
  it('groups thousands the way the cap is read aloud', () => {
    expect(yuanText(300000)).toBe('300,000元')
    expect(groupDigits(1234567.5)).toBe('1,234,567.5')
    expect(groupDigits(999)).toBe('999')
    expect(groupDigits(-4000)).toBe('-4,000')
  })
})

describe('cstMomentText', () => {
  it('shows Beijing time, across the UTC date line', () => {
    expect(cstMomentText('2026-11-22T17:05:00.000Z')).toBe('11月23日 01:05')
    expect(cstMomentText('2026-01-01T00:00:00.000Z')).toBe('1月1日 08:00')
  })
  it('shows nothing for a value that is not a time', () => {
    expect(cstMomentText('soon')).toBe('')
  })
})
