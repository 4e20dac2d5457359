import { describe, expect, it } from 'vitest'
import { groupDigits, yuanText } from '../../miniapp/src/lib/format'

describe('figures without Intl', () => {
  it('groups thousands the way the cap is read aloud', () => {
    expect(yuanText(300000)).toBe('300,000元')
    expect(groupDigits(1234567.5)).toBe('1,234,567.5')
    expect(groupDigits(999)).toBe('999')
    expect(groupDigits(-4000)).toBe('-4,000')
  })
})
