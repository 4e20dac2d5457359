import { describe, expect, it } from 'vitest'
import { ELDER_MODE_FROM_WECHAT_FONT_PX, elderModeDefault } from '../../miniapp/src/lib/elder-default'

describe('大字模式 before the resident chooses', () => {
  it('is on when WeChat itself shows large text (关怀模式 23.8 px, iPad 24.5 px, the +4 step 22 px)', () => {
    expect(elderModeDefault(23.8)).toBe(true)
    expect(elderModeDefault(24.5)).toBe(true)
    expect(elderModeDefault(ELDER_MODE_FROM_WECHAT_FONT_PX)).toBe(true)
  })

  it('is off at WeChat’s standard and slightly larger sizes, and where WeChat reports nothing', () => {
    expect(elderModeDefault(17)).toBe(false)
    expect(elderModeDefault(16)).toBe(false)
    expect(elderModeDefault(21)).toBe(false)
    expect(elderModeDefault(undefined)).toBe(false)
  })
})
