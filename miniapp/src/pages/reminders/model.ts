// The 提醒 tab's logic, without Taro: what each reminder row says, when its switch is on, and whether this
// client can ask for WeChat subscribe messages at all. index.tsx only renders these answers.

import type { ReminderTemplateView, SubscribeResult } from '@canbao/shared/api/reminders'
import { cstMomentText } from '../../lib/format'

const RESULT_ZH: Record<SubscribeResult, string> = {
  accept: '已允许',
  reject: '已拒绝',
  ban: '已被微信停用',
  filter: '被微信过滤',
}

/**
 * Subscribe messages exist only inside WeChat (the mini-program). In a browser every tap would fail, so the
 * page says so once instead of offering a button that cannot work.
 */
export const canSubscribe = (taroEnv: string | undefined): boolean => taroEnv === 'weapp'

export const NO_SUBSCRIBE_ZH =
  '网页版不能订阅微信提醒：提醒通过微信“服务通知”发送，需要在微信里打开“参保助手”小程序订阅。下面是您在小程序里订阅过的提醒。'

/** A reminder will actually be sent: switched on AND WeChat allowed at least one message. */
export const isOn = (t: ReminderTemplateView): boolean => t.enabled && t.allowance > 0

/**
 * The switch is only there when it means something: a subscription to pause, or a paused reminder to
 * resume. Without any subscription the row offers subscribing, not a switch that looks on. Where this
 * client cannot subscribe (H5) the state is plain text: a switch there looks like it could be changed
 * here (review 46).
 */
export const hasSwitch = (t: ReminderTemplateView, subscribeHere: boolean): boolean =>
  subscribeHere && (t.allowance > 0 || !t.enabled)

export function stateText(t: ReminderTemplateView): string {
  if (!t.enabled) return t.allowance > 0 ? `已关闭，不会发送（还保留 ${t.allowance} 次）` : '已关闭，不会发送'
  if (t.allowance === 0) return t.lastResult === 'reject' ? '上次选择了拒绝，还没有订阅' : '还没有订阅'
  return `已订阅，还可以收到 ${t.allowance} 次`
}

export function lastResultText(t: ReminderTemplateView, nowMs?: number): string | null {
  if (!t.lastResult) return null
  const when = t.lastResultAt ? `（${cstMomentText(t.lastResultAt, nowMs)}）` : ''
  return `最近一次：${RESULT_ZH[t.lastResult]}${when}`
}

/** What the resident reads after WeChat answered a subscription dialog. */
export function subscribedText(results: { result: SubscribeResult }[]): { ok: boolean; text: string } {
  const accepted = results.filter((r) => r.result === 'accept').length
  return accepted > 0
    ? { ok: true, text: `已订阅 ${accepted} 项提醒。每次“允许”可以收到一次提醒，收到后可再次订阅。` }
    : { ok: false, text: '您没有允许这些提醒，我们不会发送。' }
}
