import type { EntitlementResponse } from '@canbao/shared/api/entitlement'
import type { HistoryResponse } from '@canbao/shared/api/history'
import { LOCAL_AUTHORITY_NOTE_ZH, dateZh, fenZh, isProvinceCode, type PolicyTables } from '@canbao/shared/policy'
import type { FigureItemView } from '@canbao/shared/registry/figures'
import { enrollmentWindow, type EnrollmentWindow } from '@canbao/shared/status/enrollment-window'
import { yuanText } from '../../lib/format'

export interface YearCard {
  year: number
  covered: boolean
  capText: string
  /** with the cap unknown: the parts of it that are certain (incentive, penalty) */
  certainText: string | null
  /** the region figures the answer rests on: published ones open their source on tap, missing ones say which */
  figures: FigureLine[]
  benefitText: string
  /** a figure on the card rests on a default or unpublished regional figure */
  localNote: string | null
}

export interface NextAction {
  kind: 'pay' | 'back-pay' | 'enroll-now' | 'none'
  title: string
  detail: string
}

/** Assumptions that change a figure the card shows (the cap or the benefit start), as opposed to e.g. an unknown contribution. */
const FIGURE_ASSUMPTIONS = new Set(['BASE_CAP_UNPUBLISHED', 'STEP_IS_DOCUMENT_MINIMUM', 'REGION_FIGURE_UNVERIFIED', 'ENROLLMENT_PERIOD_DEFAULT', 'REGION_NOT_IN_TABLE'])

export function yearCard(answer: EntitlementResponse): YearCard {
  const e = answer.evaluation
  const capText = !e.covered ? '未参保，没有大病保险待遇' : e.capYuan === null ? `原封顶线${LOCAL_AUTHORITY_NOTE_ZH}` : yuanText(e.capYuan)
  let benefitText = '—'
  if (e.covered && e.benefitStart) {
    benefitText = e.waitingMonths ? `等待期${e.waitingMonths}个月，${dateZh(e.benefitStart)}起享受待遇` : `${dateZh(e.benefitStart)}起享受待遇，没有等待期`
  }
  return {
    year: answer.year,
    covered: e.covered,
    capText,
    benefitText,
    certainText: e.covered && e.capYuan === null ? certainCapParts(e) : null,
    figures: (answer.regionFigures?.items ?? []).map(figureLine),
    localNote: e.assumptions.some((a) => FIGURE_ASSUMPTIONS.has(a)) ? LOCAL_AUTHORITY_NOTE_ZH : null,
  }
}

function certainCapParts(e: EntitlementResponse['evaluation']): string | null {
  const parts: string[] = []
  if (e.incentiveYuan !== null && e.incentiveYuan > 0) parts.push(`连续参保奖励提高${yuanText(e.incentiveYuan)}`)
  if (e.gapPenaltyYuan !== null && e.gapPenaltyYuan > 0) parts.push(`断保降低${yuanText(e.gapPenaltyYuan)}`)
  if (e.incentiveYuan === 0 && e.gapPenaltyYuan === 0) parts.push('没有奖励，也没有降低')
  return parts.length ? `已确定：${parts.join('，')}（在原封顶线基础上计算）` : null
}

export interface FigureLine {
  kind: FigureItemView['kind']
  text: string
  /** shown on tap: issuer, document number, title, date */
  sourceDetail: string | null
  status: FigureItemView['status']
}

export function figureLine(item: FigureItemView): FigureLine {
  if (item.status === 'missing') return { kind: item.kind, text: item.missingZh ?? `${item.labelZh}尚未公布`, sourceDetail: null, status: 'missing' }
  const s = item.source
  const detail = s ? [`${s.issuer} ${s.docNo}`, s.title, s.issuedOn ? `发文日期：${s.issuedOn}` : '', s.link ?? ''].filter(Boolean).join('\n') : null
  const suffix = item.status === 'demo' ? '（演示数据，非官方公布）' : `（${item.sourceZh ?? ''}）`
  return { kind: item.kind, text: `${item.labelZh}：${item.valueZh ?? ''}${suffix}`, sourceDetail: item.status === 'demo' ? '演示数据，不是当地医保部门公布的数字。' : detail, status: item.status }
}

/** `tables`: the downloaded region figures (lib/figures), so the countdown follows the region's published period. */
export function windowFor(answer: EntitlementResponse, region: string | null, today: string, tables?: PolicyTables): EnrollmentWindow | null {
  const province = answer.evaluation.province
  return isProvinceCode(province) ? enrollmentWindow(province, region ?? undefined, answer.year, today, tables) : null
}

export function windowText(w: EnrollmentWindow): string {
  const range = `${dateZh(w.start)}至${dateZh(w.end)}`
  if (w.phase === 'open') return `${w.year}年度集中参保期还剩${w.daysLeft}天（${range}）`
  if (w.phase === 'before') return `${w.year}年度集中参保期${w.daysUntilStart}天后开始（${range}）`
  return `${w.year}年度集中参保期已结束（${range}）`
}

/** The one thing worth doing now, in order of what loses the resident the most if left undone. */
export function nextAction(thisYear: EntitlementResponse, nextYear: EntitlementResponse, nextWindow: EnrollmentWindow | null): NextAction {
  const due = nextYear.evaluation.contributionDueFen
  const amount = due === null ? '' : `，个人缴费${fenZh(due)}`
  if (!nextYear.evaluation.covered && nextWindow?.phase === 'open') {
    return { kind: 'pay', title: `缴纳${nextYear.year}年度医保费`, detail: `请在${dateZh(nextWindow.end)}前缴费${amount}，${nextYear.year}年1月1日起就能享受待遇，不断档。` }
  }
  const repair = nextYear.whatIf.backPay ?? thisYear.whatIf.backPay
  if (repair && repair.monthsSaved > 0) {
    const cost = repair.costFen === null ? '' : `，需${fenZh(repair.costFen)}`
    return { kind: 'back-pay', title: `补缴${repair.years.join('、')}年`, detail: `可少等${repair.monthsSaved}个月${cost}。补缴只缩短等待期。` }
  }
  if (!thisYear.evaluation.covered && thisYear.whatIf.enrollToday) {
    const now = thisYear.whatIf.enrollToday
    const wait = now.waitingMonths ? `，等待期${now.waitingMonths}个月，${dateZh(now.benefitStart ?? '')}起享受待遇` : ''
    return { kind: 'enroll-now', title: `现在参保（${now.year}年度）`, detail: `今天缴费${wait}。越早缴费，等待期越早结束。` }
  }
  return { kind: 'none', title: '暂时不需要操作', detail: '您的参保状态正常，集中参保期开始时我们会提醒您。' }
}

export function provenanceText(history: HistoryResponse): string {
  if (history.history.length === 0) return '还没有参保记录：请在“我的”里填写，或等医保部门导入。'
  const count = (source: HistoryResponse['history'][number]['source']) => history.history.filter((h) => h.source === source).length
  const office = count('office')
  const family = count('family')
  const self = count('self')
  const parts = [office ? `医保部门导入${office}年` : '', family ? `家人共济代缴${family}年` : '', self ? `本人填写${self}年` : ''].filter(Boolean)
  return `记录来源：${parts.join('，')}${office ? '（以医保部门记录为准）' : ''}`
}
