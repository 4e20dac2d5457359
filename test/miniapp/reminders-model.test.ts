import { describe, expect, it } from 'vitest'
import type { ReminderTemplateView } from '@canbao/shared/api/reminders'
import {
  canSubscribe,
  hasSwitch,
  isOn,
  lastResultText,
  stateText,
  subscribedText,
} from '../../miniapp/src/pages/reminders/model'

const template = (over: Partial<ReminderTemplateView> = {}): ReminderTemplateView => ({
  kind: 'period_open',
  templateId: 'tpl-1',
  titleZh: '缴费期开始',
  descriptionZh: '',
  allowance: 0,
  enabled: true,
  lastResult: null,
  lastResultAt: null,
  ...over,
})

describe('reminder switches', () => {
  it('is on only when a subscription exists and the reminder is not switched off', () => {
    // the bug: enabled by default, so the switch showed ON beside "还没有订阅"
    expect(isOn(template())).toBe(false)
    expect(stateText(template())).toBe('还没有订阅')
    expect(hasSwitch(template(), true)).toBe(false)
    expect(isOn(template({ allowance: 2 }))).toBe(true)
    expect(stateText(template({ allowance: 2 }))).toBe('已订阅，还可以收到 2 次')
    expect(isOn(template({ allowance: 2, enabled: false }))).toBe(false)
    expect(hasSwitch(template({ allowance: 0, enabled: false }), true)).toBe(true)
    expect(hasSwitch(template({ allowance: 2 }), true)).toBe(true)
  })

  it('shows no switch where this client cannot subscribe (H5), only the state as text', () => {
    expect(hasSwitch(template({ allowance: 2 }), false)).toBe(false)
    expect(hasSwitch(template({ allowance: 0, enabled: false }), false)).toBe(false)
    expect(stateText(template({ allowance: 2 }))).toBe('已订阅，还可以收到 2 次')
  })

  it('says a rejection without offering a switch', () => {
    expect(stateText(template({ lastResult: 'reject' }))).toBe('上次选择了拒绝，还没有订阅')
    expect(
      lastResultText(
        template({ lastResult: 'reject', lastResultAt: '2026-11-30T16:30:00.000Z' }),
        Date.parse('2026-12-01T00:00:00Z'),
      ),
    ).toBe('最近一次：已拒绝（12月1日 00:30）')
  })
})

describe('subscribing', () => {
  it('is offered only inside WeChat: a browser has no subscribe messages', () => {
    expect(canSubscribe('weapp')).toBe(true)
    expect(canSubscribe('h5')).toBe(false)
    expect(canSubscribe(undefined)).toBe(false)
  })

  it('reports what WeChat answered', () => {
    expect(subscribedText([{ result: 'accept' }, { result: 'reject' }])).toEqual({
      ok: true,
      text: '已订阅 1 项提醒。每次“允许”可以收到一次提醒，收到后可再次订阅。',
    })
    expect(subscribedText([{ result: 'reject' }]).ok).toBe(false)
  })
})
