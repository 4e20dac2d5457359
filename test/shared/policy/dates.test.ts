// Calendar arithmetic without the host's clock or time zone.

import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  addDays,
  addMonths,
  formatDate,
  fromDayNumber,
  isDateString,
  parseDate,
  toDayNumber,
} from '../../../shared/policy/dates'

const d = (s: string): number => parseDate(s)

describe('dates', () => {
  test('"+N months" clamps the day to the month end', () => {
    expect(formatDate(addMonths(d('2027-03-31'), 3))).toBe('2027-06-30')
    expect(formatDate(addMonths(d('2028-11-30'), 3))).toBe('2029-02-28')
    expect(formatDate(addMonths(d('2027-11-30'), 3))).toBe('2028-02-29')
    expect(formatDate(addMonths(d('2029-01-01'), 12))).toBe('2030-01-01')
    expect(formatDate(addMonths(d('2030-01-15'), 0))).toBe('2030-01-15')
  })

  test('days cross months, years and leap days', () => {
    expect(formatDate(addDays(d('2027-06-10'), 90))).toBe('2027-09-08')
    expect(formatDate(addDays(d('2027-12-20'), 90))).toBe('2028-03-19')
    expect(formatDate(addDays(d('2028-02-28'), 1))).toBe('2028-02-29')
    expect(formatDate(addDays(d('2100-02-28'), 1))).toBe('2100-03-01')
  })

  test('only real dates in YYYY-MM-DD pass', () => {
    expect(isDateString('2028-02-29')).toBe(true)
    expect(isDateString('2027-02-29')).toBe(false)
    expect(isDateString('2100-02-29')).toBe(false)
    expect(isDateString('2000-02-29')).toBe(true)
    expect(isDateString('2027-02-30')).toBe(false)
    expect(isDateString('2027-13-01')).toBe(false)
    expect(isDateString('2027-00-10')).toBe(false)
    expect(isDateString('2027-1-10')).toBe(false)
    expect(isDateString('2027-01-10T00:00')).toBe(false)
    // the shape is read character by character (no regular expression): the same strings stay refused
    expect(isDateString('2027-01-10\n')).toBe(false)
    expect(isDateString(' 2027-01-10')).toBe(false)
    expect(isDateString('2027/01/10')).toBe(false)
    expect(isDateString('2027-0１-10')).toBe(false)
    expect(isDateString('20a7-01-10')).toBe(false)
    expect(isDateString('2027-01-1:')).toBe(false)
  })

  test('ymd numbers order like the calendar', () => {
    expect(d('2027-03-15')).toBe(20270315)
    expect(d('2026-12-31') < d('2027-01-01')).toBe(true)
  })

  test('day numbers round-trip and match the proleptic Gregorian calendar', () => {
    expect(toDayNumber(d('1970-01-01'))).toBe(0)
    expect(toDayNumber(d('2025-01-01'))).toBe(20089)
    fc.assert(
      fc.property(fc.integer({ min: -25_567, max: 47_482 }), (n) => {
        const date = fromDayNumber(n)
        expect(toDayNumber(date)).toBe(n)
        expect(isDateString(formatDate(date))).toBe(true)
        expect(toDayNumber(fromDayNumber(n + 1))).toBe(n + 1)
      }),
    )
  })
})
