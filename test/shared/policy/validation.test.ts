// Input validation: stable codes, paths and Chinese messages; every issue collected; nothing throws.

import { describe, expect, test } from 'vitest'
import {
  evaluate,
  ISSUE_MESSAGES_ZH,
  renderIssueZh,
  validatePolicyInput,
  type IssueCode,
  type PolicyIssue,
} from '../../../shared/policy/index'
import { resident, run } from './helpers'

const valid = { province: '51', year: 2027, history: resident(2025, 2027) }

function issuesOf(raw: unknown): PolicyIssue[] {
  const result = validatePolicyInput(raw)
  if (result.ok) throw new Error('expected issues')
  return result.issues
}

const pairs = (issues: PolicyIssue[]) => issues.map((i) => [i.code, i.path.join('.')])

describe('validation', () => {
  test('a valid input passes and keeps its values', () => {
    const result = validatePolicyInput(valid)
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(result.value.province).toBe('51')
      expect(result.value.history[2]).toMatchObject({ year: 2027, scheme: 'resident', paidOn: '2026-11-01' })
    }
  })

  test.each<[string, unknown, IssueCode, string]>([
    ['unknown province', { ...valid, province: '11' }, 'UNKNOWN_PROVINCE', 'province'],
    ['province as a number', { ...valid, province: 51 }, 'UNKNOWN_PROVINCE', 'province'],
    ['region outside the province', { ...valid, region: '140500' }, 'UNKNOWN_REGION', 'region'],
    ['region not a code', { ...valid, region: 'chengdu' }, 'UNKNOWN_REGION', 'region'],
    ['date that does not exist', { ...valid, birthDate: '2027-02-30' }, 'INVALID_DATE', 'birthDate'],
    ['date in another format', { ...valid, birthDate: '2027/02/03' }, 'INVALID_DATE', 'birthDate'],
    [
      'payment after the coverage year ended',
      { ...valid, history: [...resident(2025, 2026), { year: 2027, scheme: 'resident', paidOn: '2028-01-02' }] },
      'PAID_AFTER_YEAR_END',
      'history.2.paidOn',
    ],
    [
      'two entries for one year',
      { ...valid, history: [...resident(2025, 2027), ...resident(2026, 2026)] },
      'DUPLICATE_YEAR',
      'history.3.year',
    ],
    [
      'a year back-paid twice',
      {
        ...valid,
        year: 2029,
        history: [...resident(2025, 2026), ...resident(2029, 2029)],
        backPaidYears: [2027, 2027],
      },
      'DUPLICATE_BACK_PAID_YEAR',
      'backPaidYears.1',
    ],
    ['year not an integer', { ...valid, year: 2027.5 }, 'IMPOSSIBLE_YEAR', 'year'],
    ['year out of range', { ...valid, year: 2201 }, 'IMPOSSIBLE_YEAR', 'year'],
    ['entry before the birth year', { ...valid, birthDate: '2026-01-05' }, 'IMPOSSIBLE_YEAR', 'history.0.year'],
    ['back-paid year that was covered', { ...valid, backPaidYears: [2026] }, 'BACK_PAID_NOT_GAP', 'backPaidYears.0'],
    [
      'back-paid year not before Y',
      { ...valid, year: 2027, backPaidYears: [2028] },
      'BACK_PAID_NOT_GAP',
      'backPaidYears.0',
    ],
    ['back-paid year before 2025', { ...valid, backPaidYears: [2024] }, 'BACK_PAID_NOT_GAP', 'backPaidYears.0'],
    ['negative fen', { ...valid, contributionFen: -1 }, 'INVALID_FEN', 'contributionFen'],
    [
      'fractional fen',
      { ...valid, history: [{ ...resident(2025, 2025)[0], fundPaidFen: 10.5 }, ...resident(2026, 2027)] },
      'INVALID_FEN',
      'history.0.fundPaidFen',
    ],
    ['zero base cap', { ...valid, province: '14', baseCapYuan: 0 }, 'INVALID_AMOUNT', 'baseCapYuan'],
    ['Heilongjiang step below 1,000 yuan', { ...valid, province: '23', stepYuan: 800 }, 'INVALID_AMOUNT', 'stepYuan'],
    [
      'employee coverage ending in another year',
      { ...valid, history: [{ year: 2025, scheme: 'employee', endedOn: '2026-03-31' }, ...resident(2026, 2027)] },
      'ENDED_OUTSIDE_YEAR',
      'history.0.endedOn',
    ],
    ['unknown group', { ...valid, groups: [{ kind: 'pensioner' }] }, 'UNKNOWN_GROUP', 'groups.0.kind'],
    [
      'unknown scheme',
      { ...valid, history: [{ year: 2025, scheme: 'commercial' }] },
      'INVALID_SCHEME',
      'history.0.scheme',
    ],
    ['missing history', { province: '51', year: 2027 }, 'MISSING_FIELD', 'history'],
    ['missing year', { province: '51', history: [] }, 'MISSING_FIELD', 'year'],
    ['entry without a scheme', { ...valid, history: [{ year: 2025 }] }, 'MISSING_FIELD', 'history.0.scheme'],
    ['newborn without a birth date', { ...valid, groups: [{ kind: 'newborn' }] }, 'MISSING_FIELD', 'birthDate'],
    [
      'period ending before it starts',
      { ...valid, enrollmentPeriod: { start: '2026-12-31', end: '2026-09-01' } },
      'INVALID_PERIOD',
      'enrollmentPeriod',
    ],
    ['history not a list', { ...valid, history: 'none' }, 'INVALID_VALUE', 'history'],
  ])('%s → %s', (_, raw, code, path) => {
    const issues = issuesOf(raw)
    expect(pairs(issues)).toContainEqual([code, path])
    const found = issues.find((i) => i.code === code)
    expect(found?.message).toBe(ISSUE_MESSAGES_ZH[code])
  })

  test('every issue is collected, not just the first', () => {
    const issues = issuesOf({
      province: '99',
      year: 2030,
      birthDate: '2027-13-01',
      contributionFen: -5,
      backPaidYears: [2026, 2026],
      history: [
        ...resident(2025, 2026),
        ...resident(2026, 2026),
        { year: 2030, scheme: 'resident', paidOn: '2030-02-30' },
      ],
    })
    expect(pairs(issues)).toEqual(
      expect.arrayContaining([
        ['UNKNOWN_PROVINCE', 'province'],
        ['INVALID_DATE', 'birthDate'],
        ['INVALID_FEN', 'contributionFen'],
        ['INVALID_DATE', 'history.3.paidOn'],
        ['DUPLICATE_YEAR', 'history.2.year'],
        ['DUPLICATE_BACK_PAID_YEAR', 'backPaidYears.1'],
      ]),
    )
    // the same code at the same place is reported once
    const keys = issues.map((i) => i.code + i.path.join('.'))
    expect(new Set(keys).size).toBe(keys.length)
  })

  test("one input's years do not leak into the next check (the year slots are reused between calls)", () => {
    // the first input covers 2026; in the next one 2026 is a gap it may back-pay or enter once
    expect(validatePolicyInput({ ...valid, history: resident(2025, 2027) }).ok).toBe(true)
    const next = { province: '51', year: 2027, history: resident(2025, 2025).concat(resident(2027, 2027)) }
    expect(validatePolicyInput({ ...next, backPaidYears: [2026] }).ok).toBe(true)
    expect(validatePolicyInput({ ...next, history: [...next.history, ...resident(2026, 2026)] }).ok).toBe(true)
    expect(pairs(issuesOf({ ...next, history: [...next.history, ...resident(2025, 2025)] }))).toEqual([
      ['DUPLICATE_YEAR', 'history.2.year'],
    ])
  })

  test("a newborn's birth-year registration inside the window may be paid in the next year", () => {
    const newborn = {
      province: '51',
      year: 2027,
      birthDate: '2027-12-20',
      groups: [{ kind: 'newborn' }],
      history: [{ year: 2027, scheme: 'resident', paidOn: '2028-02-10' }],
    }
    const e = run(newborn)
    expect(e.exemption).toBe('newborn')
    expect(e.benefitStart).toBe('2027-12-20')
    // 2027-12-20 + 90 days = 2028-03-19
    expect(
      pairs(issuesOf({ ...newborn, history: [{ year: 2027, scheme: 'resident', paidOn: '2028-03-20' }] })),
    ).toEqual([['PAID_AFTER_YEAR_END', 'history.0.paidOn']])
  })

  test('years before 2025 are accepted and play no part', () => {
    const without = run(valid)
    const withOld = run({
      ...valid,
      history: [...resident(2019, 2022, { fundPaidFen: 0 }), { year: 2023, scheme: 'employee' }, ...valid.history],
    })
    expect(withOld.capYuan).toBe(without.capYuan)
    expect(withOld.continuousSteps).toBe(0)
    expect(withOld.zeroClaimSteps).toBe(0)
    expect(withOld.gapYears).toBe(0)
  })

  test('histories may run into future years (projection)', () => {
    const e = run({ province: '51', year: 2027, history: resident(2025, 2040) })
    expect(e.capYuan).toBe(300_000)
    expect(e.continuousSteps).toBe(0)
  })

  test('evaluate returns issues instead of throwing, whatever it is given', () => {
    for (const raw of [
      undefined,
      null,
      0,
      'x',
      [],
      {},
      { province: '51' },
      { history: [null, 3] },
      { groups: [1], history: [], year: 2027, province: '51' },
    ]) {
      const result = evaluate(raw)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.issues.length).toBeGreaterThan(0)
    }
  })

  test('renderIssueZh names the field in Chinese', () => {
    const [issue] = issuesOf({
      ...valid,
      history: [...resident(2025, 2026), { year: 2027, scheme: 'resident', paidOn: '2027-02-30' }],
    })
    expect(renderIssueZh(issue as PolicyIssue)).toBe('参保记录第3条的缴费日期：' + ISSUE_MESSAGES_ZH.INVALID_DATE)
    expect(renderIssueZh({ code: 'MISSING_FIELD', path: [], message: ISSUE_MESSAGES_ZH.MISSING_FIELD })).toBe(
      '缺少必填的内容',
    )
  })

  test('every message is Chinese text', () => {
    for (const message of Object.values(ISSUE_MESSAGES_ZH)) expect(message).toMatch(/[\u4e00-\u9fff]/)
  })
})
