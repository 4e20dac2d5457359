import { describe, expect, it } from 'vitest'
import {
  maskResidentId,
  normalizeResidentId,
  parseResidentId,
  residentIdCheckChar,
} from '@canbao/shared/api/resident-id'
import { isPrefectureOf, PREFECTURES, SERVED_PROVINCES } from '@canbao/shared/regions'
import { GROUP_KINDS as ENGINE_GROUP_KINDS } from '@canbao/shared/policy/index'
import { GROUP_KINDS } from '@canbao/shared/api/history'

describe('GB 11643 resident ID numbers', () => {
  it('computes the ISO 7064 MOD 11-2 check character of the standard’s examples', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X')
    expect(residentIdCheckChar('44052418800101001')).toBe('4')
    expect(parseResidentId('11010519491231002X', '2026-01-01')).toMatchObject({
      ok: true,
      id: { birthDate: '1949-12-31', provinceCode: '11' },
    })
  })

  it('keeps abolished prefecture codes valid (the number never changes) and names current ones', () => {
    // 5102xx: Chongqing while it was part of Sichuan, before 1997.
    const old = '51021219700101001'
    expect(parseResidentId(old + residentIdCheckChar(old), '2026-01-01').ok).toBe(true)
    const chengdu = '51010419700101001'
    expect(parseResidentId(chengdu + residentIdCheckChar(chengdu), '2026-01-01')).toMatchObject({
      ok: true,
      id: { prefectureNameZh: '成都市' },
    })
  })

  it('rejects a birth date after today and the day before 1900', () => {
    const born = '51010420260102001'
    expect(parseResidentId(born + residentIdCheckChar(born), '2026-01-01')).toMatchObject({
      ok: false,
      problem: 'birth_date',
    })
    expect(parseResidentId(born + residentIdCheckChar(born), '2026-01-02').ok).toBe(true)
    const old = '51010418991231001'
    expect(parseResidentId(old + residentIdCheckChar(old), '2026-01-01')).toMatchObject({
      ok: false,
      problem: 'birth_date',
    })
  })

  it('normalizes and masks', () => {
    expect(normalizeResidentId(' １１０１０５１９４９１２３１００２ｘ ')).toBe('11010519491231002X')
    expect(maskResidentId('11010519491231002X')).toBe('1101**********002X')
    expect(maskResidentId('short')).toBe('******************')
  })
})

describe('GB/T 2260 prefectures of the served provinces', () => {
  it('lists every served province with its prefectures under the right prefix', () => {
    expect(SERVED_PROVINCES).toEqual(['51', '14', '23', '52', '36'])
    expect(SERVED_PROVINCES.map((p) => PREFECTURES[p].length)).toEqual([21, 11, 13, 9, 11])
    for (const p of SERVED_PROVINCES)
      for (const d of PREFECTURES[p]) expect(d.code).toMatch(new RegExp(`^${p}\\d{2}00$`))
    expect(isPrefectureOf('140500', '14')).toBe(true)
    expect(isPrefectureOf('140500', '51')).toBe(false)
    expect(isPrefectureOf('510000', '51')).toBe(false)
  })

  it('agrees with the rules engine on the group kinds a resident can declare', () => {
    expect([...GROUP_KINDS].sort()).toEqual([...ENGINE_GROUP_KINDS].sort())
  })
})
