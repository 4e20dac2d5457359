// Chinese text for explanation steps, cites and validation issues. One sentence per step, ending with its
// citation in brackets: 连续参保满4年后又连续参保3年（2029年至2031年），每年提高4000元（川办发〔2025〕32号 (三)）.
//
// Sentences are templates over a step's values: {key} formats by the key's name (…Yuan → 元, …Fen/fen → 元
// from fen, dates → 年月日, group → its Chinese name); {from~to} is a year range; {key|text} falls back to text
// when the value is absent; [ … ] is left out unless every value inside is present.

import { DECISION_STATEMENTS_ZH, type DecisionId } from './decisions'
import { DOCUMENTS, type DocumentId } from './documents'
import { regionNameZh } from '../regions'
import type { StepCode } from './step-codes'
import type { AssumptionCode, ExplanationStep, GroupKind, PolicyIssue } from './types'

type Values = Record<string, number | string>

const has = (table: object, key: string): boolean => Object.prototype.hasOwnProperty.call(table, key)

/** Where a step rests on our own reading of documents that are silent (a decision of docs/policy.md §7). */
export const OUR_READING_ZH = '本助手的算法（文件未写明）'

/** `000 (三)` → `川办发〔2025〕32号 (三)`; `003 §二` → `黔医保发〔2024〕18号 第二部分`; `D7` → `本助手的算法…：…`. */
export function renderCiteZh(cite: string): string {
  if (cite === '') return ''
  return cite.split('; ').map(renderOneCite).join('；')
}

function renderOneCite(part: string): string {
  // A resident reads what we decided where the documents are silent, never our id for it (review 4): the id
  // stays in the step's `cite` for docs/policy.md.
  if (has(DECISION_STATEMENTS_ZH, part)) return OUR_READING_ZH + '：' + DECISION_STATEMENTS_ZH[part as DecisionId]
  const id = part.slice(0, 3)
  if (part[3] === ' ' && has(DOCUMENTS, id)) {
    return DOCUMENTS[id as DocumentId].shortTitle + ' ' + part.slice(4).replace(/^§(.+)$/, '第$1部分')
  }
  return part
}

const SENTENCES: Readonly<Record<StepCode, string>> = {
  REGION_NOT_IN_TABLE: '{region}还没有公布当地数据，先按全省规定估算',
  // the decision's id and statement appear in the cite (依据), never in the sentence
  DECISION_OVERRIDDEN: '本次计算没有采用规范中的一项默认做法，按当地规定或所选设置计算',
  NOT_COVERED: '{year}年没有参加居民医保，这一年没有居民医保待遇',
  NOT_COVERED_EMPLOYEE: '{year}年参加的是职工医保，居民大病保险的激励和约束不适用',
  EMPLOYEE_ENDED:
    '职工医保于{endedOn}停保，{fromDate}至{coverageEnd}没有参加居民医保，这段时间没有基本医保待遇' +
    '[；{next}年度居民医保已于{paidOn}缴费]',
  EMPLOYEE_ENDED_SWITCH:
    '职工医保于{endedOn}停保，{fromDate}至{coverageEnd}没有参加居民医保，这段时间没有基本医保待遇；' +
    '已连续参加基本医保{years}年以上的，停保后{months}个月内（{deadline}前）参加居民医保缴费，' +
    '{condition|}不设待遇等待期[；{next}年度居民医保已于{paidOn}缴费]',
  MECHANISM_NOT_IN_FORCE: '{year}年早于{start}年，参保激励约束机制尚未实施，按原封顶线计算，不设待遇等待期',
  BASE_CAP: '大病保险原封顶线为{baseYuan}',
  BASE_CAP_INPUT: '按您填写的大病保险原封顶线{baseYuan}计算',
  BASE_CAP_INPUT_IGNORED: '大病保险原封顶线由全省统一规定为{provinceYuan}，您填写的{baseYuan}不适用',
  BASE_CAP_REGION: '{region}{year}年度的大病保险原封顶线为{baseYuan}（原封顶线由统筹地区按年度公布，其他年度可能不同）',
  BASE_CAP_UNKNOWN:
    '{region|当地}[{year}年度]的大病保险原封顶线当地还没有公布（原封顶线由当地按年度公布），' +
    '相关金额以当地医保部门公布为准',
  STEP_FIXED: '每档提高或降低{stepYuan}',
  STEP_PERCENT: '每档为原封顶线的{percent}%[，即{stepYuan}]',
  STEP_MINIMUM: '每次提高或降低的额度当地还没有公布，暂按文件规定的最低额度{stepYuan}计算，以当地医保部门公布为准',
  STEP_INPUT_IGNORED: '本省文件已规定每档额度，您填写的{stepYuan}不适用',
  STREAK: '{from~to}连续参加居民医保{years}年',
  STREAK_BROKEN_BY_EMPLOYEE: '{year}年参加的是职工医保，不算断保，但居民医保连续参保年数从下一年起重新计算',
  CONTINUOUS: '连续参保满{after}年后又连续参保{steps}年（{from~to}），每年提高{stepYuan|一档}',
  CONTINUOUS_NONE: '连续参保满{after}年后每多连续参保1年提高一档；目前连续参保{years}年，还没有连续参保激励',
  CONTINUOUS_KEPT:
    '此前连续参保满{after}年后又连续参保{steps}年（{from~to}），每年提高的{stepYuan|一档}在断保后予以保留',
  CONTINUOUS_LOST: '{from~to}获得的{steps}档连续参保激励在断保后不再保留，连续参保年数重新计算',
  ZERO_CLAIM_RESET: '{year}年发生大病保险报销并使用了奖励额度，此前累计的{cleared}档零报销激励清零',
  ZERO_CLAIM_CLEARED_BY_GAP: '{year}年断保，按当地规定此前累计的{cleared}档零报销激励清零',
  ZERO_CLAIM: '{from~to}基金零报销，次年起每个零报销年度提高{stepYuan|一档}，共{steps}档',
  // the resident answered 不记得 to "医保基金给您报销过吗" (claims-zh.ts): say that answer, not an amount field
  ZERO_CLAIM_UNKNOWN: '{from~to}的报销情况选了“不记得”，暂不计算零报销激励；如确实没有报销过，请改选“没有报销过”',
  ZERO_CLAIM_RESET_NEXT_YEAR: '{year}年使用了奖励额度，此前累计的零报销激励从{next}年起清零，本年度不受影响',
  INCENTIVE: '连续参保激励和零报销激励共{steps}档[，合计提高{incentiveYuan}]',
  INCENTIVE_NONE: '没有连续参保激励和零报销激励',
  INCENTIVE_LIMIT: '按档计算为{rawYuan}，超过累计提高上限{maxUpYuan}[（原封顶线的{percent}%）]，按{maxUpYuan}计算',
  BIRTH_YEAR_NOT_GAP: '{birthYear}年是出生当年，不算断保',
  GAP_RUN: '{from~to}断保{years}年',
  BACK_PAY_RESTORED: '按当地规定，补缴的{years}年视为已参保',
  PENALTY: '累计断保{gapYears}年，降低{steps}档[，共降低{penaltyYuan}]',
  PENALTY_PER_REENROLLMENT: '累计断保{gapYears}年，断保后再参保{steps}次，降低{steps}档[，共降低{penaltyYuan}]',
  PENALTY_NONE: '没有断保年度，不降低最高支付限额',
  PENALTY_NOT_PERSISTING: '此前断保{gapYears}年，按当地规定不再降低最高支付限额',
  PENALTY_LIMIT: '按档计算为{rawYuan}，超过累计降低上限{maxDownYuan}[（原封顶线的{percent}%）]，按{maxDownYuan}计算',
  CAP: '本年度大病保险最高支付限额：{baseYuan} + {incentiveYuan} − {penaltyYuan} = {capYuan}',
  CAP_UNKNOWN: '原封顶线未知，本年度大病保险最高支付限额以当地医保部门公布为准',
  CAP_IS_BASE: '没有提高或降低，本年度大病保险最高支付限额就是原封顶线；原封顶线尚未公布，金额以当地医保部门公布为准',
  CAP_RELATIVE:
    '本年度大病保险最高支付限额 = 原封顶线[ + {incentiveYuan}][ + 原封顶线的{incentivePercent}%]' +
    '[ − {penaltyYuan}][ − 原封顶线的{penaltyPercent}%]' +
    '[（提高的额度累计不超过原封顶线的{maxUpPercent}%）][（降低的额度累计不超过原封顶线的{maxDownPercent}%）]' +
    '；原封顶线尚未公布，金额以当地医保部门公布为准',
  CAP_AT_ZERO: '按规则计算为{rawYuan}，最高支付限额不会低于0元，按0元计算',
  RULES_ASSUMED_CONTINUING:
    '省级文件于{issuedYear}年印发，有效期{years}年；{year}年度可能已超出有效期，本计算假定现行规定继续执行，' +
    '以当地医保部门公布为准',
  NEWBORN_NEXT_YEAR_ON_TIME: '新生儿出生后{days}天内为{next}年参保缴费，不受集中参保期限制，不算逾期',
  PROGRAMME_PAID:
    '大学生入学时在学校一次缴清了{from~to}共{years}年的居民医保费（{paidOn}缴费），每一年都按时参保，' +
    '缴费标准调整的不再补缴',
  EXEMPT: '{group}[在退出后{months}个月内参保]，不设待遇等待期，{date}起享受待遇',
  GROUP_NOT_APPLIED: '{group}：按一般规则计算',
  LATE: '{paidOn}缴费，晚于集中参保期（{periodStart}至{periodEnd}）',
  GAP_LENGTH: '参保前连续断保{years}年',
  NO_WAITING: '在集中参保期内参保且此前没有断保，不设待遇等待期，{year}年1月1日起享受待遇',
  WAITING_FIXED: '设固定待遇等待期{months}个月',
  WAITING_VARIABLE: '断保{gapYears}年，增加变动待遇等待期{months}个月',
  BACK_PAY: '补缴了其中{years}年，减少变动待遇等待期{monthsSaved}个月；断保期间发生的医疗费用仍不报销',
  BACK_PAY_OUTSIDE_GAP: '补缴的{years}年不属于这次参保前的那段断保，不减少待遇等待期',
  WAITING_FLOOR:
    '连续断保{gapYears}年，修复后固定和变动待遇等待期合计不少于{months}个月，由{before}个月延长为{months}个月',
  BENEFIT_START: '待遇等待期共{months}个月，从{fromDate}起算，{date}起享受待遇',
  BENEFIT_AFTER_COVERAGE: '待遇开始日期{date}晚于本次参保的待遇截止日{coverageEnd}，这一年度内享受不到待遇',
  COVERAGE_END: '本次参保的待遇享受至{date}',
  REPAIR_COST: '补缴{years}年，[每年{standardFen}，]共{costFen}',
  REPAIR_COST_UNKNOWN: '补缴{years}年，补缴金额待当地公布，以当地医保部门公布为准',
  CONTRIBUTION: '本年度个人缴费{fen}',
  CONTRIBUTION_INPUT: '本年度个人缴费{fen}（按您填写的标准）',
  CONTRIBUTION_UNKNOWN:
    '本年度个人缴费标准当地还没有公布，以当地医保部门公布为准[（国家规定的最低标准为{minimumFen}）]',
  CONTRIBUTION_SUBSIDISED: '医疗救助资助参保人员的个人缴费按规定给予资助，自付金额以当地医保部门公布为准',
  NEWBORN_FREE: '新生儿出生当年（{year}年）不缴费',
  CONVERSION:
    '已缴纳居民医保{residentYears}年，转为省内职工医保时每{per}年折算为1年，可折算职工医保缴费年限{employeeYears}年',
}

// Sentences that depend on which group or reason: looked up as `CODE.variant` before `CODE`.
const VARIANTS: Readonly<Record<string, string>> = {
  'EXEMPT.newborn': '新生儿出生后{days}天内参保缴费，不设待遇等待期，自出生之日{date}起享受待遇',
  'EXEMPT.student-first-enrollment': '新入学学生首次在学籍地参保，不设待遇等待期，自缴费之日{date}起享受待遇',
  'EXEMPT.scheme-switch':
    '已连续参保{years}年以上，职工医保停保后{months}个月内参加居民医保，不设待遇等待期，{date}起享受待遇',
  'GROUP_NOT_APPLIED.not-in-province': '{group}：本省文件没有免除这类人员待遇等待期的规定，按一般规则计算',
  'GROUP_NOT_APPLIED.window-missed': '{group}：没有在{months}个月内参保缴费，按一般规则计算',
  'GROUP_NOT_APPLIED.newborn-window-missed': '新生儿出生{days}天后才参保缴费，不免除待遇等待期，按一般规则计算',
  'GROUP_NOT_APPLIED.exit-date-missing': '{group}：没有填写退出日期，无法确认是否在{months}个月内参保，按一般规则计算',
  'GROUP_NOT_APPLIED.discharged-earlier': '{group}：不是当年退出现役，按一般规则计算',
  'GROUP_NOT_APPLIED.discharge-date-missing': '{group}：没有填写退出现役日期，无法确认是否当年退出现役，按一般规则计算',
  'GROUP_NOT_APPLIED.switch-end-missing':
    '上一年参加职工医保但没有填写停保日期，无法确认是否在{months}个月内转为居民医保，按一般规则计算',
}

const GROUP_NAMES_ZH: Readonly<Record<string, string>> = {
  newborn: '新生儿',
  'student-first-enrollment': '新入学大学生、技工院校学生首次在学籍地参保',
  'veteran-discharged': '退出现役的军人及随军未就业配偶',
  'left-other-system': '退出其他制度保障的人员',
  'assistance-funded': '医疗救助资助参保人员',
  'scheme-switch': '在职工医保和居民医保之间切换参保关系的人员',
}

/**
 * The special groups as a resident picks them, on the records page and in the calculator alike (one wording,
 * review 12). Neutral names only: the documents' example for leaving another system (刑满释放) is not what an
 * older reader should meet first (review 44).
 */
export const GROUP_CHOICES_ZH: Readonly<Record<GroupKind, string>> = {
  newborn: '新生儿',
  'student-first-enrollment': '大学生、技工院校学生首次参保',
  'veteran-discharged': '当年退役军人及随军未就业配偶',
  'left-other-system': '退出其他制度保障人员',
  'assistance-funded': '医疗救助资助参保人员',
}

const DATE_KEYS = ['date', 'paidOn', 'periodStart', 'periodEnd', 'coverageEnd', 'fromDate', 'endedOn', 'deadline']

/** `2029-06-01` → `2029年6月1日` */
export function dateZh(date: string): string {
  const [y, m, d] = date.split('-')
  return d === undefined ? date : Number(y) + '年' + Number(m) + '月' + Number(d) + '日'
}

/** fen → `380.50元`; whole yuan without decimals */
export const fenZh = (fen: number): string => (fen % 100 === 0 ? fen / 100 : (fen / 100).toFixed(2)) + '元'

function format(key: string, value: number | string): string {
  // an amount in yuan may carry fen (Guizhou's 2% of a base not a multiple of 50): always two decimals then
  if (key.endsWith('Yuan'))
    return (typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(2) : value) + '元'
  if (key === 'fen' || key.endsWith('Fen')) return fenZh(Number(value))
  if (DATE_KEYS.includes(key)) return dateZh(String(value))
  if (key === 'group') return GROUP_NAMES_ZH[value] ?? String(value)
  // a resident reads the place's name (南昌市), never its GB/T 2260 code
  if (key === 'region') return regionNameZh(String(value)) ?? `统筹地区${value}`
  return String(value)
}

function fill(template: string, v: Values): string {
  return template
    .replace(/\[([^\]]*)\]/g, (_, inner: string) =>
      [...inner.matchAll(/\{(\w+)/g)].every((m) => v[m[1] as string] !== undefined) ? inner : '',
    )
    .replace(
      /\{(\w+)(?:~(\w+))?(?:\|([^}]*))?\}/g,
      (_, key: string, to: string | undefined, alt: string | undefined) => {
        const value = v[key]
        if (value === undefined) return alt ?? ''
        if (to === undefined) return format(key, value)
        return value === v[to] ? value + '年' : value + '年至' + v[to] + '年'
      },
    )
}

export function renderStepZh(step: ExplanationStep): string {
  const cite = renderCiteZh(step.cite)
  return renderSentenceZh(step) + (cite === '' ? '' : '（' + cite + '）')
}

/** The step's sentence alone, without its citation: for screens that show the source on a line of its own. */
export function renderSentenceZh(step: ExplanationStep): string {
  const v = step.values
  const variant = VARIANTS[step.code + '.' + (v.reason ?? v.group)]
  const template = variant ?? (has(SENTENCES, step.code) ? SENTENCES[step.code as StepCode] : step.code)
  return fill(template, v)
}

export const renderExplanationZh = (steps: readonly ExplanationStep[]): string[] => steps.map(renderStepZh)

/** Beside every figure an assumption touches the app shows 以当地医保部门公布为准; this says why. */
export const ASSUMPTIONS_ZH: Readonly<Record<AssumptionCode, string>> = {
  BASE_CAP_UNPUBLISHED: '大病保险原封顶线当地还没有公布',
  STEP_IS_DOCUMENT_MINIMUM: '每次提高或降低的额度当地还没有公布，暂按文件规定的最低额度计算',
  CONTRIBUTION_UNPUBLISHED: '个人缴费标准当地还没有公布',
  CONTRIBUTION_SUBSIDISED: '医疗救助资助的金额因人而异',
  CONTRIBUTION_UNVERIFIED: '当地个人缴费标准尚未与来源核对',
  ENROLLMENT_PERIOD_DEFAULT: '集中参保期当地还没有公布，先按通常的上一年9月1日至12月31日判断是否逾期',
  PAID_ON_UNKNOWN: '没有填写缴费日期，按在集中参保期内缴费计算',
  FUND_PAID_UNKNOWN: '有的年度报销情况选了“不记得”，这些年度不计零报销激励',
  REGION_NOT_IN_TABLE: '当地还没有公布这项数据，先按全省规定估算',
  SWITCH_REQUIRES_BACK_PAY: '需按转入地规定补缴中断期间的费用后，才不设待遇等待期',
  DECISION_OVERRIDDEN: '本次计算调整了规范中的默认决策',
  REGION_FIGURE_UNVERIFIED: '所用的地区数据尚未与来源核对',
  RULES_ASSUMED_CONTINUING: '这一年度在省级文件有效期之后，按现行规定继续执行计算',
  FIGURE_CARRIED_FORWARD: '预测年度的原封顶线或每档额度尚未公布，按最近一个已公布年度的数字估算',
}

export const LOCAL_AUTHORITY_NOTE_ZH = '以当地医保部门公布为准'

const FIELD_NAMES_ZH: Readonly<Record<string, string>> = {
  province: '省份',
  region: '统筹地区',
  baseCapYuan: '原封顶线',
  stepYuan: '每次提高或降低的额度',
  year: '年度',
  birthDate: '出生日期',
  groups: '特殊群体',
  contributionFen: '个人缴费标准',
  backPaidYears: '补缴年度',
  history: '参保记录',
  enrollmentPeriod: '集中参保期',
  scheme: '参保类型',
  paidOn: '缴费日期',
  fundPaidFen: '基金报销金额',
  incentiveUsed: '是否使用奖励额度',
  endedOn: '停保日期',
  kind: '类别',
  exitedOn: '退出日期',
  start: '开始日期',
  end: '结束日期',
  date: '日期',
  n: '年数',
}

/** ['history', 2, 'paidOn'] → 参保记录第3条的缴费日期 */
export function pathZh(path: readonly (string | number)[]): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += '第' + (part + 1) + '条'
    else out += (out === '' ? '' : '的') + (FIELD_NAMES_ZH[part] ?? part)
  }
  return out
}

export function renderIssueZh(issue: PolicyIssue): string {
  const where = pathZh(issue.path)
  return where === '' ? issue.message : where + '：' + issue.message
}

/**
 * What a cap on an unpublished base cap is known to be, read from its explanation (CAP_RELATIVE,
 * CAP_IS_BASE): the yuan — or, where the step is a share of the base (Guizhou), the percent of the base —
 * added to it (negative: taken off). Null when the explanation does not say.
 */
export function capOverBase(
  steps: readonly { readonly code: string; readonly values: Readonly<Values> }[] | undefined,
): { readonly yuan: number } | { readonly percent: number } | null {
  const step = steps?.find((s) => s.code === 'CAP_RELATIVE' || s.code === 'CAP_IS_BASE')
  if (step === undefined) return null
  if (step.code === 'CAP_IS_BASE') return { yuan: 0 }
  const n = (key: string): number | undefined => {
    const value = step.values[key]
    return typeof value === 'number' ? value : undefined
  }
  const yuan = [n('incentiveYuan'), n('penaltyYuan')]
  const percent = [n('incentivePercent'), n('penaltyPercent')]
  if (percent[0] === undefined && percent[1] === undefined) return { yuan: (yuan[0] ?? 0) - (yuan[1] ?? 0) }
  if (yuan[0] === undefined && yuan[1] === undefined) return { percent: (percent[0] ?? 0) - (percent[1] ?? 0) }
  return null
}
