import { describe, expect, it } from 'vitest'
import { dueRelativeReminders, relativesLabel, type RelativeToRemind } from '../../../shared/reminders/relative-due'
import { duePeriodReminders } from '../../../shared/reminders/schedule'

const sichuan = (name: string, paidYears: number[] = []): RelativeToRemind => ({
  name,
  province: '51',
  region: '510100',
  paidYears,
})

describe('reminding a payer of relatives who have not paid', () => {
  // 2026-12-01 is 30 days before Sichuan's enrollment deadline for 2027 (the resident deadline reminder's day).
  const deadlineDay = '2026-12-01'

  it('names every unpaid relative in one message per coverage year and countdown day', () => {
    expect(duePeriodReminders('51', '510100', deadlineDay).map((d) => [d.kind, d.year, d.offset])).toEqual([
      ['deadline', 2027, 30],
    ])
    const due = dueRelativeReminders([sichuan('刘秀英'), sichuan('周小雨'), sichuan('周建华', [2027])], deadlineDay)
    expect(due).toEqual([{ year: 2027, offset: 30, end: '2026-12-31', names: ['刘秀英', '周小雨'] }])
  })

  it('says nothing on other days or when everyone has paid', () => {
    expect(dueRelativeReminders([sichuan('刘秀英')], '2026-12-02')).toEqual([])
    expect(dueRelativeReminders([sichuan('刘秀英', [2027])], deadlineDay)).toEqual([])
    expect(dueRelativeReminders([], deadlineDay)).toEqual([])
  })

  it('is due on each countdown day of the deadline, not in between', () => {
    const days = ['2026-12-01', '2026-12-24', '2026-12-30'].map((day) =>
      dueRelativeReminders([sichuan('刘秀英')], day).map((d) => d.offset),
    )
    expect(days).toEqual([[30], [7], [1]])
    expect(dueRelativeReminders([sichuan('刘秀英')], '2026-12-31')).toEqual([])
  })

  it("fits the names into WeChat's ten-character name field", () => {
    expect(relativesLabel(['刘秀英'])).toBe('刘秀英')
    expect(relativesLabel(['刘秀英', '周小雨'])).toBe('刘秀英等2人')
    expect(relativesLabel(['阿依古丽·买买提明', '周小雨'])).toBe('2位家人')
  })
})
