import { describe, expect, it } from 'vitest'
import { initialPolicyProvince } from '../../miniapp/src/packages/policy/model'

describe('policy page opens on', () => {
  it("the province in the link, else the resident's own, else Sichuan", () => {
    expect(initialPolicyProvince('36', '14')).toBe('36')
    expect(initialPolicyProvince(undefined, '14')).toBe('14')
    expect(initialPolicyProvince('99', null)).toBe('51')
  })
})
