// The rules of one province in plain Chinese, built from the same parameter tables the engine computes
// with, so the 政策 page can never say a different number than the calculator.

import { at } from '../policy/dated'
import { PROVINCES } from '../policy/provinces'
import type { LimitRule, StepRule } from '../policy/provinces'
import type { ProvinceCode } from '../policy/types'

export interface RuleSummary {
  readonly topic: string
  readonly lines: readonly string[]
  /** the engine's clause ids, e.g. `000 (三)` */
  readonly cite: string
}

const yuanZh = (yuan: number) => (yuan % 10000 === 0 ? `${yuan / 10000}万元` : `${yuan}元`)

function stepZh(step: StepRule): string {
  switch (step.kind) {
    case 'fixed':
      return yuanZh(step.yuan)
    case 'percent-of-base':
      return `原封顶线的${step.percent}%`
    case 'region':
      return `统筹地区确定的额度（每次不低于${yuanZh(step.minimumYuan)}）`
  }
}

function limitZh(limit: LimitRule): string {
  return limit.kind === 'fixed' ? yuanZh(limit.yuan) : `原封顶线的${limit.percent}%`
}

export function provinceRulesZh(province: ProvinceCode, year: number): RuleSummary[] {
  const table = PROVINCES[province]
  const value = <T>(dated: Parameters<typeof at<T>>[0]) => at(dated, year)
  const step = value(table.step)
  const maxUp = value(table.maxUp)
  const maxDown = value(table.maxDown)
  const base = value(table.baseCap)
  const after = value(table.continuousAfterYears)
  const waiting = value(table.waiting)
  const keep = value(table.decisions.keepContinuousStepsAfterGap)
  const perReenrollment = value(table.decisions.penaltyPerReenrollment)
  const start = value(table.decisions.mechanismStartYear)?.value ?? year
  if (!step || !maxUp || !maxDown || !base || !after || !waiting) return []

  const stepText = stepZh(step.value)
  const summaries: RuleSummary[] = [
    {
      topic: '大病保险原封顶线',
      lines: [
        base.value.kind === 'province'
          ? `全省统一为${yuanZh(base.value.yuan)}。`
          : '由所在统筹地区确定，以当地医保部门公布为准。',
      ],
      cite: base.cite,
    },
    {
      topic: '连续参保和零报销激励',
      lines: [
        `从${start}年起，连续参加居民医保满${after.value}年后，之后每再连续参保1年，最高支付限额提高${stepText}。`,
        `当年基金零报销的，次年提高${stepText}；发生大病报销并使用了奖励额度后，之前积累的零报销激励清零。`,
        `两项激励累计提高不超过${limitZh(maxUp.value)}。`,
      ],
      cite: step.cite,
    },
    {
      topic: '断保的影响',
      lines: [
        perReenrollment?.value
          ? `断保后再参保的，最高支付限额降低${stepText}（每次断保后再参保降低一次），累计不超过${limitZh(maxDown.value)}。`
          : `每断保1年，最高支付限额降低${stepText}，累计不超过${limitZh(maxDown.value)}。`,
        keep?.value
          ? '断保后再参保，连续参保年数重新计算，但之前积累的连续参保激励额度予以保留。'
          : '断保后再参保，连续参保年数重新计算，之前的连续参保激励不再计算。',
      ],
      cite: maxDown.cite,
    },
    {
      topic: '待遇等待期',
      lines: [
        `没有在集中参保期内参保、或没有连续参保的，参保后有${waiting.value.fixedMonths}个月固定等待期（新生儿等特殊群体除外）。`,
        `断保的，每断保1年再加${waiting.value.monthsPerGapYear}个月变动等待期；补缴1年可减少1个月变动等待期。`,
        `连续断缴${waiting.value.floorGapYears}年及以上的，补缴后等待期合计仍不少于${waiting.value.floorMonths}个月。断保期间的医疗费用不能报销。`,
      ],
      cite: waiting.cite,
    },
  ]
  return summaries
}
