// The 宣传 page's logic, without Taro: what a campaign's state reads, when its counters still move, how a
// refusal reads and how long a text is as WeChat counts it. campaign.tsx only renders these answers.

import type { CampaignAudience, CampaignCounters, CampaignView } from '@canbao/shared/api/reminders'
import type { ClientError } from '../../api/client'

/** WeChat's limit for a `thing` field of a subscribe message, in characters. */
export const THING_MAX = 20

export const AUDIENCE_ZH: Record<CampaignAudience, string> = {
  all: '本地区全部居民',
  unpaid: '尚未缴纳下一年度的居民',
}

export const STATUS_ZH: Record<CampaignView['status'], string> = {
  planning: '正在统计对象',
  sending: '发送中',
  done: '已完成',
  failed: '已中断',
}

/** Counters still move for a campaign that is under way, or stopped with messages still queued. */
export const moving = (c: Pick<CampaignView, 'status' | 'counters'>) =>
  c.status === 'planning' ||
  c.status === 'sending' ||
  (c.status === 'failed' && c.counters.queued + c.counters.deferred > 0)

/**
 * The counters in the order a clerk checks them: the audience, then what became of each member, so the
 * numbers after 对象 add up to it (review 11: "对象 3 · 已发送 1" left two people unaccounted for, with the
 * skipped count wrapped out of sight). Every outcome is shown, 0 too, so the sum can be checked.
 */
export function counterItems(c: CampaignCounters): { key: keyof CampaignCounters; label: string; n: number }[] {
  return [
    { key: 'audience', label: '对象', n: c.audience },
    { key: 'sent', label: '已发送', n: c.sent },
    { key: 'skipped', label: '未订阅跳过', n: c.skipped },
    { key: 'deferred', label: '夜间推迟', n: c.deferred },
    { key: 'queued', label: '排队', n: c.queued },
    { key: 'failed', label: '失败', n: c.failed },
  ]
}

/** Characters as a reader counts them (an emoji is one), without the spaces around. */
export const textLength = (text: string) => Array.from(text.trim()).length

/** A refused form lists every field's own message; any other failure says its one message. */
export function issuesText(error: ClientError): string {
  return error.issues?.length ? error.issues.map((i) => i.message).join('；') : error.message
}
