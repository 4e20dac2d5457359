// The 10-year cap chart (stayEnrolled): a resident with a history gets a projection of the years ahead when
// they keep paying; a year without its own published base takes the latest earlier one, and a year that
// cannot have an amount says why in words.

import { describe, expect, test } from 'vitest'
import {
  DEFAULT_TABLES,
  evaluate,
  renderExplanationZh,
  REGIONS,
  stayEnrolled,
  type HistoryEntry,
  type PolicyInput,
  type PolicyTables,
} from '../../../shared/policy/index'
import { resident } from './helpers'

const missing = { value: null, source: '', verified: false }
/** 贵阳市 publishes a base cap for 2027 only (as the demo registry does) */
const guiyang: PolicyTables = {
  ...DEFAULT_TABLES,
  regions: {
    ...REGIONS,
    '520100': {
      code: '520100',
      nameZh: '贵阳市',
      province: '52',
      baseCapYuan: { 1900: missing, 2027: { value: 250_000, source: '演示数据', verified: false }, 2028: missing },
    },
  },
}
const zhaoliu: HistoryEntry[] = [
  { year: 2025, scheme: 'resident', paidOn: '2024-10-01', fundPaidFen: 0 },
  { year: 2026, scheme: 'resident', paidOn: '2025-10-01', fundPaidFen: 0 },
  { year: 2027, scheme: 'resident', paidOn: '2026-10-01' },
]

function series(input: PolicyInput, n: number, tables?: PolicyTables) {
  const result = stayEnrolled(input, n, tables === undefined ? {} : { tables })
  if (!result.ok) throw new Error(JSON.stringify(result.issues))
  return result.value.series
}

describe('stayEnrolled projection', () => {
  test('赵六: the years after the one published base are projected on it, and say so', () => {
    const points = series({ province: '52', region: '520100', year: 2026, history: zhaoliu }, 5, guiyang)
    expect(points.map((p) => p.year)).toEqual([2026, 2027, 2028, 2029, 2030, 2031])
    // 2027: its own figure, 2 zero-claim steps of 2%
    expect(points[1]).toMatchObject({ capYuan: 260_000 })
    expect(points[1]?.baseCapFromYear).toBeUndefined()
    for (const p of points.slice(2)) {
      expect(p.capYuan, String(p.year)).not.toBeNull()
      expect(p.baseCapFromYear).toBe(2027)
      expect(p.assumptions).toContain('FIGURE_CARRIED_FORWARD')
      expect(p.noteZh).toContain(`${p.year}年度的原封顶线尚未公布，按2027年度的250000元估算`)
    }
    // 2031: 3 continuous + 2 zero-claim steps on 250,000
    expect(points[5]?.capYuan).toBe(275_000)
  })

  test('赵六 2026: no base yet, the point says what is known instead of leaving a gap', () => {
    const points = series({ province: '52', region: '520100', year: 2026, history: zhaoliu }, 1, guiyang)
    expect(points[0]?.capYuan).toBeNull()
    expect(points[0]?.noteZh).toBe(
      '2026年度大病保险最高支付限额 = 原封顶线 + 原封顶线的2%；原封顶线尚未公布，金额以当地医保部门公布为准',
    )
  })

  test('钱七 (Jiangxi, nothing published): every point says why it has no amount, and what it earns', () => {
    const input: PolicyInput = {
      province: '36',
      region: '360100',
      birthDate: '2025-03-10',
      year: 2026,
      groups: [{ kind: 'newborn', year: 2025 }],
      history: [
        { year: 2025, scheme: 'resident', paidOn: '2025-04-20' },
        { year: 2026, scheme: 'resident', paidOn: '2025-11-01' },
      ],
    }
    const points = series(input, 5)
    for (const p of points) expect(p.noteZh, String(p.year)).toMatch(/原封顶线尚未公布/)
    expect(points[5]?.noteZh).toContain('2031年度大病保险最高支付限额 = 原封顶线 + 9000元')
  })

  test('王五: the employee year says why it has no resident cap', () => {
    const input: PolicyInput = {
      province: '23',
      year: 2026,
      history: [
        { year: 2025, scheme: 'employee', endedOn: '2025-12-31' },
        { year: 2026, scheme: 'employee', endedOn: '2026-06-30' },
        { year: 2027, scheme: 'resident', paidOn: '2026-09-15' },
      ],
    }
    const points = series(input, 5)
    expect(points).toHaveLength(6)
    expect(points[0]?.noteZh).toBe('2026年参加的是职工医保，居民大病保险的激励和约束不适用')
    expect(points[1]?.noteZh).toContain('2027年度大病保险最高支付限额就是原封顶线')
  })

  test('a published base needs no note', () => {
    const points = series({ province: '51', year: 2027, history: resident(2025, 2027) }, 3)
    for (const p of points) expect(p.noteZh).toBeUndefined()
  })

  test('赵六 2026 and 2027 answers name the year of the base they use, so the difference is explained', () => {
    const text = (year: number) => {
      const r = evaluate({ province: '52', region: '520100', year, history: zhaoliu }, { tables: guiyang })
      if (!r.ok) throw new Error(JSON.stringify(r.issues))
      return renderExplanationZh(r.value.explanation).join('\n')
    }
    expect(text(2026)).toContain('贵阳市2026年度的大病保险原封顶线当地还没有公布（原封顶线由当地按年度公布）')
    expect(text(2027)).toContain(
      '贵阳市2027年度的大病保险原封顶线为250000元（原封顶线由统筹地区按年度公布，其他年度可能不同）（演示数据）',
    )
  })
})
