import { describe, expect, it } from 'vitest'
import { counterItems, issuesText, moving, textLength } from '../../miniapp/src/packages/office/campaign-model'

const counters = (queued: number, deferred: number) => ({
  audience: 10,
  queued,
  deferred,
  sent: 10 - queued - deferred,
  failed: 0,
  skipped: 0,
})

describe('the 宣传 page', () => {
  it('shows what became of every member of the audience, so the counters add up (review 11)', () => {
    const items = counterItems({ audience: 3, queued: 0, deferred: 0, sent: 1, failed: 0, skipped: 2 })
    expect(items.map((i) => `${i.label} ${i.n}`)).toEqual([
      '对象 3',
      '已发送 1',
      '未订阅跳过 2',
      '夜间推迟 0',
      '排队 0',
      '失败 0',
    ])
    const [audience, ...outcomes] = items
    expect(outcomes.reduce((sum, i) => sum + i.n, 0)).toBe(audience?.n)
  })

  it('keeps watching a campaign while its counters can still move, and stops once it has settled', () => {
    expect(moving({ status: 'planning', counters: counters(0, 0) })).toBe(true)
    expect(moving({ status: 'sending', counters: counters(3, 0) })).toBe(true)
    // Stopped, but messages deferred to 8 o'clock will still go out.
    expect(moving({ status: 'failed', counters: counters(0, 2) })).toBe(true)
    expect(moving({ status: 'failed', counters: counters(0, 0) })).toBe(false)
    expect(moving({ status: 'done', counters: counters(0, 0) })).toBe(false)
  })

  it('counts characters as the office user sees them, against WeChat’s 20', () => {
    expect(textLength(' 全民参保集中宣传月 ')).toBe(9)
    expect(textLength('缴费提醒👍')).toBe(5)
  })

  it('lists each refused field’s own message, else the one message', () => {
    const refused = {
      code: 'VALIDATION_FAILED' as const,
      message: '填写的信息有误，请按提示修改。',
      status: 422,
      issues: [
        { path: 'title', code: 'TOO_LONG', message: '标题不能超过20个字' },
        { path: 'deadline', code: 'PAST', message: '截止日期不能早于今天' },
      ],
    }
    expect(issuesText(refused)).toBe('标题不能超过20个字；截止日期不能早于今天')
    expect(issuesText({ code: 'NETWORK_OFFLINE', message: '网络连接失败', status: null })).toBe('网络连接失败')
  })
})
