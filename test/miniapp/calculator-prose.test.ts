import { describe, expect, it } from 'vitest'
import { proseRuns } from '../../miniapp/src/components/prose-model'

describe('an equation in the calculator steps never breaks after its operator (review 16)', () => {
  it('keeps each operator with the figure after it, and lets the line break only between terms', () => {
    const runs = proseRuns('本年度大病保险最高支付限额：300000元 + 4000元 − 0元 = 304000元')
    expect(runs).toEqual([
      { text: '本年度大病保险最高支付限额：', whole: false },
      { text: '300,000元', whole: true },
      { text: ' ', whole: false },
      { text: '+ 4,000元', whole: true },
      { text: ' ', whole: false },
      { text: '− 0元', whole: true },
      { text: ' ', whole: false },
      { text: '= 304,000元', whole: true },
    ])
  })

  it('keeps figures whole and the last three characters together: no lone "遇。" on the last line', () => {
    expect(proseRuns('等待期3个月，2027年6月1日起享受待遇。')).toEqual([
      { text: '等待期', whole: false },
      { text: '3个月', whole: true },
      { text: '，2027年6月1日起享受', whole: false },
      { text: '待遇。', whole: true },
    ])
    // a sentence ending on a figure is already whole at its end
    expect(proseRuns('限额为304000元').at(-1)).toEqual({ text: '304,000元', whole: true })
  })
})
