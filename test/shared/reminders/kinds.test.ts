import { describe, expect, it } from 'vitest'
import { KIND_INFO, reminderValues } from '../../../shared/reminders/kinds'

describe('the values of a planned reminder', () => {
  it('fill every key of the kind’s WeChat template, in the order WeChat shows them', () => {
    const facts = { year: 2027, start: '2026-09-01', end: '2026-12-31', daysLeft: 7, benefitStart: '2027-03-01' }
    for (const kind of ['period_open', 'deadline', 'waiting_end', 'relative_due'] as const) {
      const keys = KIND_INFO[kind].fields.map((f) => f.key)
      expect(Object.keys(reminderValues(kind, { ...facts, relativeName: '王秀英' })), kind).toEqual(keys)
    }
  })

  it('say what the resident reads in the message', () => {
    expect(reminderValues('deadline', { year: 2027, end: '2026-12-31', daysLeft: 7 })).toEqual({
      thing1: '2027年度城乡居民医保',
      date2: '2026年12月31日',
      thing3: '还剩7天',
      thing4: '逾期缴费将有待遇等待期',
    })
    expect(reminderValues('relative_due', { year: 2027, end: '2026-12-31', relativeName: '王秀英' })).toEqual({
      name1: '王秀英',
      thing2: '2027年度城乡居民医保',
      date3: '2026年12月31日',
      thing4: '可在小程序里为家人代缴',
    })
    expect(reminderValues('waiting_end', { year: 2027, benefitStart: '2027-03-01' })).toEqual({
      thing1: '2027年度城乡居民医保',
      date2: '2027年3月1日',
      thing3: '从今天起可以享受医保报销',
    })
    expect(reminderValues('period_open', { year: 2027, start: '2026-09-01', end: '2026-12-31' })).toEqual({
      thing1: '2027年度城乡居民医保',
      date2: '2026年9月1日',
      date3: '2026年12月31日',
      thing4: '按时缴费，待遇不断档',
    })
  })
})
