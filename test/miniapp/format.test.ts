import { describe, expect, it } from 'vitest'
import {
  cstDateText,
  figureRuns,
  cstMomentText,
  cstRecordText,
  dateText,
  fenText,
  groupDigits,
  yuanText,
} from '../../miniapp/src/lib/format'
import { todayCst } from '../../miniapp/src/lib/today'

describe('figures without Intl', () => {
  it('groups thousands the way the cap is read aloud', () => {
    expect(yuanText(300000)).toBe('300,000元')
    expect(groupDigits(1234567.5)).toBe('1,234,567.5')
    expect(groupDigits(999)).toBe('999')
    expect(groupDigits(-4000)).toBe('-4,000')
  })

  it('writes fen as yuan with separators, cents only when there are any', () => {
    expect(fenText(200_000)).toBe('2,000元')
    expect(fenText(38_050)).toBe('380.50元')
    expect(fenText(123_456_789)).toBe('1,234,567.89元')
    expect(fenText(5)).toBe('0.05元')
    expect(fenText(-40_000)).toBe('-400元')
  })
})

describe('dates and times in Beijing time', () => {
  const now = Date.parse('2026-12-01T12:00:00Z')

  it('writes a calendar date in prose', () => {
    expect(dateText('2026-12-31')).toBe('2026年12月31日')
  })

  it("takes the Beijing calendar day of an instant (a receipt at 01:30 Beijing is not yesterday's)", () => {
    expect(cstDateText('2026-11-30T17:30:00.000Z')).toBe('2026年12月1日')
    expect(cstDateText('not a time')).toBe('')
  })

  it('shows Beijing wall-clock time across the UTC date line, with the year only when it is not this one', () => {
    expect(cstMomentText('2026-11-22T17:05:00.000Z', now)).toBe('11月23日 01:05')
    expect(cstMomentText('2026-12-01T11:19:00.000Z', now)).toBe('12月1日 19:19')
    expect(cstMomentText('2025-12-31T16:30:00.000Z', now)).toBe('1月1日 00:30')
    expect(cstMomentText('2025-12-31T15:30:00.000Z', now)).toBe('2025年12月31日 23:30')
  })

  it('writes a record time (import history, audit log) with its year even in this year, in Beijing time', () => {
    expect(cstRecordText('2026-01-01T00:00:00.000Z')).toBe('2026年1月1日 08:00')
    expect(cstRecordText('2026-12-01T17:05:00.000Z')).toBe('2026年12月2日 01:05')
    expect(cstRecordText('soon')).toBe('')
  })

  it('shows nothing for a value that is not a time', () => {
    expect(cstMomentText('soon')).toBe('')
  })

  it('has today start at Beijing midnight', () => {
    expect(todayCst(Date.parse('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
    expect(todayCst(Date.parse('2026-12-31T15:59:59Z'))).toBe('2026-12-31')
  })
})

describe('figures inside a sentence', () => {
  it('marks each amount and month count to stay whole, with thousands separators on bare yuan', () => {
    expect(figureRuns('本年度限额：300000元 + 4000元 − 0元 = 304000元')).toEqual([
      { text: '本年度限额：', whole: false },
      { text: '300,000元', whole: true },
      { text: ' + ', whole: false },
      { text: '4,000元', whole: true },
      { text: ' − ', whole: false },
      { text: '0元', whole: true },
      { text: ' = ', whole: false },
      { text: '304,000元', whole: true },
    ])
    expect(
      figureRuns('补缴后等3个月，可少等1个月')
        .filter((r) => r.whole)
        .map((r) => r.text),
    ).toEqual(['3个月', '1个月'])
    expect(figureRuns('个人缴费380.50元').at(-1)).toEqual({ text: '380.50元', whole: true })
  })

  it('leaves years and dates alone and keeps every character', () => {
    const text = '2025年至2026年连续参加居民医保2年，2027年1月1日起享受待遇'
    expect(figureRuns(text)).toEqual([{ text, whole: false }])
  })
})
