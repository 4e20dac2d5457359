import Taro from '@tarojs/taro'
import { SUBSCRIBE_RESULTS, type ConsentRequest, type SubscribeResult } from '@canbao/shared/api/reminders'

export type AskOutcome = { ok: true; results: ConsentRequest['results'] } | { ok: false; message: string }

/**
 * WeChat shows its subscription dialog only from a tap, for up to three templates at once, and answers per
 * template. Every answer is reported, rejections too: the 提醒 page shows what the resident chose.
 */
export async function askWeChat(templateIds: string[]): Promise<AskOutcome> {
  let answer: Record<string, unknown>
  try {
    answer = (await Taro.requestSubscribeMessage({
      tmplIds: templateIds,
      entityIds: [],
    } as never)) as unknown as Record<string, unknown>
  } catch (err) {
    const code = (err as { errCode?: number } | null)?.errCode
    // 20004: the resident turned off this mini-program's notifications in WeChat's settings.
    if (code === 20004)
      return {
        ok: false,
        message: '您在微信设置中关闭了本小程序的订阅消息。请点右上角“…”→“设置”→“通知管理”打开后再订阅。',
      }
    if (process.env.TARO_ENV !== 'weapp') return { ok: false, message: '订阅提醒需要在微信小程序中进行。' }
    return { ok: false, message: '微信没有完成订阅，请稍后再试。' }
  }
  const results = templateIds.flatMap((templateId) => {
    const result = answer[templateId]
    return typeof result === 'string' && (SUBSCRIBE_RESULTS as readonly string[]).includes(result)
      ? [{ templateId, result: result as SubscribeResult }]
      : []
  })
  if (results.length === 0) return { ok: false, message: '微信没有返回订阅结果，请再点一次。' }
  return { ok: true, results }
}
