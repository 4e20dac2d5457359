import type { EntitlementResponse } from '@canbao/shared/api/entitlement'
import type { HistoryItem, HistoryResponse } from '@canbao/shared/api/history'
import {
  ASSUMPTIONS_ZH,
  LOCAL_AUTHORITY_NOTE_ZH,
  capOverBase,
  dateZh,
  fenZh,
  isProvinceCode,
  type AssumptionCode,
  type PolicyTables,
} from '@canbao/shared/policy'
import type { FigureItemView } from '@canbao/shared/registry/figures'
import {
  explainLines,
  stepsFor,
  type ExplainLine,
  type FigureKind,
  type StepLike,
} from '@canbao/shared/texts/explain-view-zh'
import { enrollmentWindow, type EnrollmentWindow } from '@canbao/shared/status/enrollment-window'
import { cstMomentText, dateText, yuanText } from '../../lib/format'

/**
 * Everything the home screen says comes from the two entitlement answers (this year, next year) and the
 * merged history the API returned: the same engine call, never a second rule on the phone. The window
 * (集中参保期) is read from the same region tables the engine uses, only for the deadline's date.
 */

export interface Figure {
  kind: FigureKind
  label: string
  value: string
  /** a short line under the figure, e.g. the day benefits start */
  sub: string | null
  /** a figure that holds only if something still to happen happens ("如2026年全年没有报销…"), or null */
  condition?: string | null
  /** the figure rests on a regional number not yet published: what is known, in plain words */
  unpublished: string | null
  /** no amount can be given yet (base cap unpublished): the value reads 暂时算不出, in grey, never as good news */
  unknown?: boolean
  /** what is known of a cap that cannot be given yet, as a predicate: "比原封顶线高2%" */
  relation?: string | null
  /** what opens when the figure is tapped */
  title: string
  lines: ExplainLine[]
}

export interface YearCard {
  year: number
  /** resident: covered by 居民医保; employee: a 职工医保 year (the resident cap does not apply); none: not enrolled */
  scheme: 'resident' | 'employee' | 'none'
  covered: boolean
  statusText: string
  /** how the status reads: red only when the year is uncovered; amber when a record is still to come */
  tone: 'ok' | 'neutral' | 'warn' | 'danger'
  capText: string
  benefitText: string
  figures: Figure[]
  /** the region figures the answer rests on: published ones open their source on tap, missing ones say which */
  regionFigures: FigureLine[]
  /** a figure on the card rests on a default or unpublished regional figure */
  localNote: string | null
  /** the months of the year without cover (employee cover ended mid-year), in one short line, or null */
  coverNote: string | null
  /** the engine's full sentences behind coverNote (the switch rule's window too), shown under 怎么算的 */
  coverLines: ExplainLine[]
}

export interface NextAction {
  kind: 'pay' | 'back-pay' | 'enroll-now' | 'declare' | 'uncovered' | 'none'
  title: string
  detail: string
  /** the figures the action's text states, straight from the engine's what-if */
  figures: Figure[]
  /** the engine's numbers behind the text, for tests and for the calculator hand-off */
  facts: {
    year: number
    waitingMonths: number | null
    benefitStart: string | null
    capYuan: number | null
    costFen: number | null
    deadline: string | null
  } | null
}

export interface HomeAnswer {
  action: NextAction
  cards: YearCard[]
  window: EnrollmentWindow | null
  windowText: string | null
  provenance: string
}

type Answer = EntitlementResponse
type EnrollToday = NonNullable<Answer['whatIf']['enrollToday']>

/**
 * Assumptions that change a figure the card shows (the cap or the benefit start), as opposed to e.g. an unknown
 * contribution.
 */
// REGION_NOT_IN_TABLE alone changes nothing where the province fixes the figure (Sichuan's base cap); where
// it does not, BASE_CAP_UNPUBLISHED or STEP_IS_DOCUMENT_MINIMUM comes with it.
const CAP_ASSUMPTIONS = new Set<string>([
  'BASE_CAP_UNPUBLISHED',
  'STEP_IS_DOCUMENT_MINIMUM',
  'REGION_FIGURE_UNVERIFIED',
])
const WAITING_ASSUMPTIONS = new Set<string>([
  'ENROLLMENT_PERIOD_DEFAULT',
  'PAID_ON_UNKNOWN',
  'REGION_FIGURE_UNVERIFIED',
])
const COST_ASSUMPTIONS = new Set<string>([
  'CONTRIBUTION_UNPUBLISHED',
  'CONTRIBUTION_SUBSIDISED',
  'CONTRIBUTION_UNVERIFIED',
])

function unpublishedText(assumptions: readonly string[], kinds: Set<string>): string | null {
  const why = assumptions.filter((a) => kinds.has(a)).map((a) => ASSUMPTIONS_ZH[a as AssumptionCode] ?? a)
  return why.length ? `${why.join('；')}，${LOCAL_AUTHORITY_NOTE_ZH}` : null
}

/**
 * What a cap's text reads: the evaluation's figures, the API's earned figures beside it (pendingZeroClaim), or a
 * what-if's amount and steps only.
 */
export type CapFigures = Pick<Answer['evaluation'], 'capYuan'> & { explanation?: readonly StepLike[] } & Partial<
    Pick<
      Answer['evaluation'],
      'incentiveYuan' | 'gapPenaltyYuan' | 'continuousSteps' | 'zeroClaimSteps' | 'penaltySteps'
    >
  >

const signedYuan = (yuan: number) => (yuan >= 0 ? `+${yuanText(yuan)}` : `−${yuanText(-yuan)}`)

/**
 * The value of a cap whose base the region has not published: no amount. A phrase or a formula ("原封顶线 +2%")
 * in the figure's big green type read as a figure and as good news (review 3, 5, 6); what is known goes in one
 * plain line under it (capRelation).
 */
export const CAP_UNKNOWN_ZH = '暂时算不出'

/** The cap as the home shows it: the figure when the base cap is known, otherwise 暂时算不出 (see capRelation). */
export function capValue(e: Pick<CapFigures, 'capYuan'>): string {
  return e.capYuan !== null ? yuanText(e.capYuan) : CAP_UNKNOWN_ZH
}

/**
 * The cap as a formula where the base is unpublished ("原封顶线 +6,000元"): a key telling two caps apart (the
 * calculator asks whether the conditional cap differs); screens show capValue and capRelation instead.
 */
export function capText(e: CapFigures): string {
  if (e.capYuan !== null) return yuanText(e.capYuan)
  const over = capOverBase(e.explanation)
  if (over !== null) {
    const n = 'percent' in over ? over.percent : over.yuan
    if (n === 0) return '原封顶线（当地尚未公布）'
    return 'percent' in over ? `原封顶线 ${n > 0 ? '+' : '−'}${Math.abs(n)}%` : `原封顶线 ${signedYuan(n)}`
  }
  if (e.incentiveYuan != null && e.gapPenaltyYuan != null) {
    const delta = e.incentiveYuan - e.gapPenaltyYuan
    return delta === 0 ? '原封顶线（当地尚未公布）' : `原封顶线 ${signedYuan(delta)}`
  }
  const steps = (e.continuousSteps ?? 0) + (e.zeroClaimSteps ?? 0) - (e.penaltySteps ?? 0)
  return steps === 0 ? '原封顶线（当地尚未公布）' : `原封顶线${steps > 0 ? '提高' : '降低'}${Math.abs(steps)}档`
}

const relationOfYuan = (yuan: number) =>
  yuan === 0 ? '就是原封顶线' : `比原封顶线${yuan > 0 ? '高' : '低'}${yuanText(Math.abs(yuan))}`

/**
 * What is known of a cap on an unpublished base, as a predicate ("比原封顶线高6,000元", "比原封顶线高2%"):
 * the engine's CAP_RELATIVE step, or its incentives and penalties, or their steps when even the step amount is
 * unknown. Null when the cap is a figure.
 */
export function capRelation(e: CapFigures): string | null {
  if (e.capYuan !== null) return null
  const over = overBase(e.explanation)
  if (over !== null) return over
  if (e.incentiveYuan != null && e.gapPenaltyYuan != null) return relationOfYuan(e.incentiveYuan - e.gapPenaltyYuan)
  if (e.continuousSteps === undefined) return null
  const steps = e.continuousSteps + (e.zeroClaimSteps ?? 0) - (e.penaltySteps ?? 0)
  return steps === 0 ? '就是原封顶线' : `比原封顶线${steps > 0 ? '提高' : '降低'}${Math.abs(steps)}档`
}

/** The one plain line under a cap that cannot be given yet. */
export const capUnknownLine = (relation: string | null) =>
  `当地还没有公布大病保险原封顶线，公布后才能算出${relation ? `；您的限额${relation}` : ''}`

/** The cap inside a sentence: "大病保险最高支付限额304,000元", or that it cannot be given yet, grammatically. */
export const capSentence = (text: string) =>
  text === CAP_UNKNOWN_ZH ? '大病保险限额要等当地公布后才能算出' : `大病保险最高支付限额${text}`

export function waitingText(waitingMonths: number | null, benefitStart: string | null): string {
  if (!benefitStart) return '—'
  return waitingMonths
    ? `等待期${waitingMonths}个月，${dateZh(benefitStart)}起享受待遇`
    : `没有等待期，${dateZh(benefitStart)}起享受待遇`
}

function figure(
  kind: FigureKind,
  label: string,
  value: string,
  steps: readonly StepLike[],
  assumptions: readonly string[],
  title: string,
  sub: string | null = null,
): Figure {
  const kinds = kind === 'cap' ? CAP_ASSUMPTIONS : kind === 'waiting' ? WAITING_ASSUMPTIONS : COST_ASSUMPTIONS
  return {
    kind,
    label,
    value,
    sub,
    unpublished: unpublishedText(assumptions, kinds),
    title,
    lines: explainLines(stepsFor(kind, steps)),
  }
}

/**
 * A cap figure: an amount, "约…元" when it rests on the region's example base cap (the line under the card says
 * which), or 暂时算不出 with one plain line saying what is known — then the unpublished base is not said twice.
 */
function capFigure(
  label: string,
  cap: CapFigures,
  assumptions: readonly string[],
  title: string,
  approx: boolean,
): Figure {
  const base = figure('cap', label, capValue(cap), cap.explanation ?? [], assumptions, title)
  if (cap.capYuan !== null) return approx ? { ...base, value: `约${base.value}` } : base
  const relation = capRelation(cap)
  // Said in the small grey line under the figure (not the green start-day line): the unpublished base once,
  // then any other caveat.
  const others = unpublishedText(
    assumptions.filter((x) => x !== 'BASE_CAP_UNPUBLISHED'),
    CAP_ASSUMPTIONS,
  )
  return {
    ...base,
    unknown: true,
    relation,
    unpublished: [capUnknownLine(relation), others].filter(Boolean).join('。'),
  }
}

/** The answer's cap rests on the region's example (demo) base cap, not a published one. */
const onDemoBase = (answer: Answer) =>
  (answer.regionFigures?.items ?? []).some((item) => item.kind === 'base-cap' && item.status === 'demo')

/** The waiting period as a short figure with the start day beneath it. */
function waitingFigure(
  waitingMonths: number | null,
  benefitStart: string | null,
  steps: readonly StepLike[],
  assumptions: readonly string[],
  title: string,
  label = '待遇等待期',
): Figure {
  const value = waitingMonths === null ? '—' : waitingMonths === 0 ? '没有等待期' : `${waitingMonths}个月`
  return figure(
    'waiting',
    label,
    value,
    steps,
    assumptions,
    title,
    benefitStart ? `${dateZh(benefitStart)}起享受待遇` : null,
  )
}

const employeeEntry = (history: HistoryResponse | undefined, year: number): HistoryItem | undefined =>
  history?.history.find((h) => h.year === year && h.scheme === 'employee')
const residentEntry = (history: HistoryResponse | undefined, year: number): HistoryItem | undefined =>
  history?.history.find((h) => h.year === year && h.scheme === 'resident')

/** The year before `year` was an employee year that ran to its end: the person most likely still has a job. */
function continuesEmployee(history: HistoryResponse | undefined, year: number): boolean {
  const before = employeeEntry(history, year - 1)
  return (
    before !== undefined &&
    (before.endedOn === undefined || before.endedOn === `${year - 1}-12-31`) &&
    residentEntry(history, year - 1) === undefined
  )
}

type Pending = NonNullable<Answer['pendingZeroClaim']>

/**
 * A declared zero-claim year that is not over yet counts in the API's figure as if it were; the API gives the
 * figure already earned beside it (pendingZeroClaim). The earned one leads, the API's figure is the conditional
 * one ("如2026年全年没有报销…").
 */
interface EarnedCap {
  years: number[]
  cap: CapFigures
}

function earnedOfAnswer(answer: Answer): EarnedCap | null {
  const p: Pending | undefined = answer.pendingZeroClaim
  return p?.earned ? { years: p.years, cap: p.earned } : null
}

function earnedOfToday(answer: Answer | undefined): EarnedCap | null {
  const p: Pending | undefined = answer?.pendingZeroClaim
  return p?.enrollTodayEarned ? { years: p.years, cap: p.enrollTodayEarned } : null
}

/** The cap figure when a zero-claim year is not over: the earned figure first, the conditional one marked as such. */
function pendingCapFigure(
  base: Figure,
  pending: EarnedCap,
  year: number,
  approx: boolean,
  assumptions: readonly string[],
): Figure {
  const which = pending.years.join('、')
  const earned = capFigure(base.label, pending.cap, assumptions, base.title, approx)
  const condition = base.unknown
    ? `如${which}年全年没有报销，${year}年度限额${base.relation ?? '要等当地公布后才能算出'}`
    : `如${which}年全年没有报销，${year}年度限额${base.value.startsWith('约') ? '' : '为'}${base.value}`
  const lines = explainLines(stepsFor('cap', pending.cap.explanation ?? []))
  return {
    ...base,
    value: earned.value,
    unknown: earned.unknown,
    relation: earned.relation,
    unpublished: earned.unpublished,
    condition: `${condition}（${which}年还没有结束，年底才能确定）`,
    lines: [
      ...lines,
      {
        n: lines.length + 1,
        sentence: `${which}年还没有结束，这一年的零报销激励还不能算：${condition}`,
        clause: null,
        basis: null,
      },
    ],
  }
}

export function yearCard(answer: Answer, history?: HistoryResponse): YearCard {
  const e = answer.evaluation
  const employee = employeeEntry(history, answer.year)
  // A year covered by 职工医保 is insured, just not by the scheme whose cap the card shows: never "未参保".
  if (!e.covered && employee) {
    const until = employee.endedOn ? `，至${dateZh(employee.endedOn)}` : ''
    const gap = gapOf(e.explanation)
    return {
      year: answer.year,
      scheme: 'employee',
      covered: false,
      statusText: '职工医保',
      tone: 'neutral',
      capText: '参加职工医保，按职工医保待遇',
      benefitText: `${answer.year}年参加职工医保${until}；居民医保大病保险的激励和约束不适用`,
      figures: [],
      regionFigures: [],
      localNote: null,
      // The months after the employee cover ended are the part of the year that matters most (July–December
      // without cover), in one short line from the engine's stretch; its long sentence (with the switch rule's
      // window) under 怎么算的, the status card at the top already saying it when today falls in it (review 2).
      coverNote: gap ? `${dateZh(gap.from)}至${dateZh(gap.until)}没有基本医保待遇` : null,
      coverLines: explainLines(e.explanation.filter((step) => step.code.startsWith('EMPLOYEE_ENDED'))),
    }
  }
  if (!e.covered) {
    const now = answer.whatIf.enrollToday
    const ifToday = now && now.year === answer.year ? now : null
    const figures = ifToday ? enrollTodayFigures(ifToday, e.assumptions, answer) : []
    return {
      year: answer.year,
      scheme: 'none',
      covered: false,
      // Still employed most likely: the employer's record is just not in yet, which is no alarm.
      ...(continuesEmployee(history, answer.year)
        ? { statusText: '还没有记录', tone: 'warn' as const }
        : { statusText: '未参保', tone: 'danger' as const }),
      capText: ifToday ? `今天缴费：${figures[0]?.value ?? ''}` : '未参保，这一年没有居民医保待遇',
      benefitText: ifToday ? `今天缴费：${waitingText(ifToday.waitingMonths, ifToday.benefitStart)}` : '—',
      figures,
      regionFigures: regionFiguresOf(answer),
      localNote: figures.some((f) => f.unpublished) ? LOCAL_AUTHORITY_NOTE_ZH : null,
      coverNote: null,
      coverLines: [],
    }
  }
  const title = `${answer.year}年度`
  const approx = onDemoBase(answer)
  const cap = capFigure('大病保险最高支付限额', e, e.assumptions, `${title}大病保险最高支付限额怎么算`, approx)
  const pending = earnedOfAnswer(answer)
  const capShown = pending ? pendingCapFigure(cap, pending, answer.year, approx, e.assumptions) : cap
  const figures = [
    capShown,
    waitingFigure(e.waitingMonths, e.benefitStart, e.explanation, e.assumptions, `${title}待遇从哪天开始`),
  ]
  if (e.contributionDueFen !== null) {
    figures.push(
      figure('cost', '个人缴费', fenZh(e.contributionDueFen), e.explanation, e.assumptions, `${title}个人缴费`),
    )
  }
  return {
    year: answer.year,
    scheme: 'resident',
    covered: true,
    statusText: '已参保',
    tone: 'ok',
    capText: capShown.value,
    benefitText: waitingText(e.waitingMonths, e.benefitStart),
    figures,
    regionFigures: regionFiguresOf(answer),
    localNote: figures.some((f) => f.unpublished) ? LOCAL_AUTHORITY_NOTE_ZH : null,
    coverNote: null,
    coverLines: [],
  }
}

/** The engine's own statement of a cap on an unpublished base (CAP_RELATIVE), as a predicate: 比原封顶线高2%. */
function overBase(steps: readonly StepLike[] | undefined): string | null {
  const over = capOverBase(steps)
  if (over === null) return null
  if ('yuan' in over) return relationOfYuan(over.yuan)
  return over.percent === 0 ? '就是原封顶线' : `比原封顶线${over.percent > 0 ? '高' : '低'}${Math.abs(over.percent)}%`
}

/** Paying today: the cap figure, the earned one first when a zero-claim year is not over yet. */
function todayCapFigure(now: EnrollToday, assumptions: readonly string[], owner: Answer): Figure {
  const title = `今天缴费（${now.year}年度）的大病保险最高支付限额`
  const approx = onDemoBase(owner)
  const cap = capFigure('今天缴费的大病保险限额', now, assumptions, title, approx)
  const pending = earnedOfToday(owner)
  return pending ? pendingCapFigure(cap, pending, now.year, approx, assumptions) : cap
}

function enrollTodayFigures(
  now: EnrollToday,
  assumptions: readonly string[],
  /** the answer whose whatIf.enrollToday `now` is: its pendingZeroClaim holds the earned figure */
  owner: Answer,
): Figure[] {
  const steps = now.explanation ?? []
  const title = `今天缴费（${now.year}年度）`
  const figures = [
    todayCapFigure(now, assumptions, owner),
    {
      ...waitingFigure(now.waitingMonths, now.benefitStart, steps, assumptions, `${title}待遇从哪天开始`),
      label: '今天缴费的等待期',
    },
  ]
  if (now.contributionDueFen !== undefined && now.contributionDueFen !== null) {
    figures.push(figure('cost', '个人缴费', fenZh(now.contributionDueFen), steps, assumptions, `${title}的个人缴费`))
  }
  return figures
}

export interface FigureLine {
  kind: FigureItemView['kind']
  text: string
  /** shown on tap: issuer, document number, title, date */
  sourceDetail: string | null
  status: FigureItemView['status']
}

/** A region figure as one line: its value and source, or exactly which figure the region has not published. */
export function figureLine(item: FigureItemView): FigureLine {
  if (item.status === 'missing')
    return { kind: item.kind, text: item.missingZh ?? `${item.labelZh}尚未公布`, sourceDetail: null, status: 'missing' }
  const s = item.source
  const detail = s
    ? [`${s.issuer} ${s.docNo}`, s.title, s.issuedOn ? `发文日期：${dateText(s.issuedOn)}` : '', s.link ?? '']
        .filter(Boolean)
        .join('\n')
    : null
  // "演示数据" is a developer's word: a resident is told plainly the number is an example, not the office's.
  const suffix = item.status === 'demo' ? '（试用示例数字，不是当地医保部门公布的）' : `（${item.sourceZh ?? ''}）`
  return {
    kind: item.kind,
    text: `${item.labelZh}：${item.valueZh ?? ''}${suffix}`,
    sourceDetail:
      item.status === 'demo' ? '这是试用时用的示例数字，不是当地医保部门公布的数字，请以当地公布为准。' : detail,
    status: item.status,
  }
}

const regionFiguresOf = (answer: Answer): FigureLine[] => (answer.regionFigures?.items ?? []).map(figureLine)

/** `tables`: the downloaded region figures (lib/figures), so the countdown follows the region's published period. */
export function windowFor(
  answer: Answer,
  region: string | null,
  today: string,
  tables?: PolicyTables,
): EnrollmentWindow | null {
  const province = answer.evaluation.province
  return isProvinceCode(province) ? enrollmentWindow(province, region ?? undefined, answer.year, today, tables) : null
}

/**
 * A period the region has not published is the D2 default: its dates are an estimate, so no exact day count
 * ("还剩30天" read as a fact beside "当地尚未公布"); only the estimated dates, said as such.
 */
export function windowText(w: EnrollmentWindow): string {
  const range = `${dateZh(w.start)}至${dateZh(w.end)}`
  if (w.isDefault) {
    const ended = w.phase === 'closed' ? '，按这个估计已经结束' : ''
    return `当地还没有公布${w.year}年度集中参保期，按往年通常估计为${range}${ended}；准确日期${LOCAL_AUTHORITY_NOTE_ZH}`
  }
  return w.phase === 'open'
    ? `${w.year}年度集中参保期还剩${w.daysLeft}天（${range}）`
    : w.phase === 'before'
      ? `${w.year}年度集中参保期${w.daysUntilStart}天后开始（${range}）`
      : `${w.year}年度集中参保期已结束（${range}）`
}

function enrollTodaySentence(now: EnrollToday): string {
  const late = now.late ? '已过集中参保期，' : ''
  if (now.waitingMonths)
    return `${late}今天缴费有${now.waitingMonths}个月待遇等待期，${dateZh(now.benefitStart ?? '')}起享受待遇`
  return `${late}今天缴费，${dateZh(now.benefitStart ?? `${now.year}-01-01`)}起享受待遇，没有等待期`
}

/** The one thing worth doing now, in order of what loses the resident the most if left undone. */
export function nextAction(
  thisYear: Answer,
  nextYear: Answer,
  nextWindow: EnrollmentWindow | null,
  history?: HistoryResponse,
): NextAction {
  if (history && history.history.length === 0) {
    const owner = nextYear.whatIf.enrollToday ? nextYear : thisYear
    const now = owner.whatIf.enrollToday
    return {
      kind: 'declare',
      title: '先填写您以前的参保年度',
      detail: `还没有您的参保记录。填写以前哪些年参保、哪天缴费，就能算出您的限额和等待期。${now ? `如果从没参保过：${enrollTodaySentence(now)}。` : ''}`,
      figures: now
        ? enrollTodayFigures(now, (now.year === nextYear.year ? nextYear : thisYear).evaluation.assumptions, owner)
        : [],
      facts: now ? factsOf(now, nextWindow) : null,
    }
  }
  const payNext = nextYear.whatIf.enrollToday
  const nextInsured = nextYear.evaluation.covered || employeeEntry(history, nextYear.year) !== undefined
  if (!nextInsured && payNext && payNext.year === nextYear.year && continuesEmployee(history, nextYear.year)) {
    // Employee insurance is paid by the employer month by month: nothing to pay, unless the job ends.
    const by = nextWindow?.phase === 'open' ? `请在${dateZh(nextWindow.end)}前` : '请及时'
    // The title says the condition the detail's deadline hangs on: "暂时不需要操作" beside a deadline read as
    // a contradiction.
    return {
      kind: 'none',
      title: `${nextYear.year}年继续参加职工医保的，不需要操作`,
      detail:
        `您${nextYear.year - 1}年参加的是职工医保，由单位缴费。` +
        `如果${nextYear.year}年不再参加职工医保，${by}参加居民医保：${enrollTodaySentence(payNext)}。`,
      figures: [],
      facts: factsOf(payNext, nextWindow),
    }
  }
  if (!nextInsured && payNext && payNext.year === nextYear.year) {
    // A period the region has not published is the D2 default: the date is said as an estimate, not a fact.
    const deadline =
      nextWindow?.phase === 'open'
        ? nextWindow.isDefault
          ? `请在${dateZh(nextWindow.end)}前缴费（当地尚未公布集中参保期，这是按默认参保期估计的截止日，以当地医保部门公布为准）`
          : `请在${dateZh(nextWindow.end)}前缴费`
        : '请尽快缴费'
    const due = payNext.contributionDueFen ?? nextYear.evaluation.contributionDueFen
    const amount = due === null || due === undefined ? '' : `，个人缴费${fenZh(due)}`
    const noBreak = payNext.waitingMonths ? '' : '，不断档'
    // Without cover today (employee cover ended mid-year), that comes first: it is why paying matters.
    const gapNow = uncoveredToday(thisYear)
    const now = gapNow ? `您现在（至${dateZh(gapNow.until)}）没有基本医保待遇。` : ''
    return {
      kind: 'pay',
      title: `缴纳${nextYear.year}年度医保费`,
      detail:
        `${now}${deadline}${amount}。${enrollTodaySentence(payNext)}${noBreak}；` +
        `${capSentence(todayCapFigure(payNext, nextYear.evaluation.assumptions, nextYear).value)}。`,
      figures: enrollTodayFigures(payNext, nextYear.evaluation.assumptions, nextYear),
      facts: factsOf(payNext, nextWindow),
    }
  }
  const gap = uncoveredToday(thisYear)
  if (gap) {
    // Today falls in the months the engine says have no cover (王五: employee cover ended 06-30, resident cover
    // only from 2027): "参保状态正常" was the first thing he read (review 2). The resumption day is the engine's
    // benefit start for the next year, when that year is covered.
    const resumes = nextYear.evaluation.covered ? nextYear.evaluation.benefitStart : null
    const today = nextYear.whatIf.enrollToday ?? thisYear.whatIf.enrollToday
    return {
      kind: 'uncovered',
      title: `现在没有医保待遇（至${dateZh(gap.until)}）`,
      detail:
        `您的职工医保已于${dateZh(gap.endedOn)}停保，${dateZh(gap.from)}至${dateZh(gap.until)}没有参加居民医保，` +
        '这段时间没有基本医保待遇。' +
        (resumes
          ? `${nextYear.year}年度居民医保已缴费，${dateZh(resumes)}起恢复待遇。`
          : today
            ? `如果现在参加居民医保：${enrollTodaySentence(today)}。`
            : '请尽快参加居民医保。'),
      figures: [],
      facts: resumes
        ? {
            year: nextYear.year,
            waitingMonths: nextYear.evaluation.waitingMonths,
            benefitStart: resumes,
            capYuan: nextYear.evaluation.capYuan,
            costFen: null,
            deadline: null,
          }
        : today
          ? factsOf(today, null)
          : null,
    }
  }
  const repair = nextYear.whatIf.backPay ?? thisYear.whatIf.backPay
  const repairOf = nextYear.whatIf.backPay ? nextYear : thisYear
  if (repair && repair.monthsSaved > 0) {
    // The local contribution is not published: the amount is not known yet, so say so (review 9).
    const cost = repair.costFen === null ? '，补缴金额待当地公布' : `，需${fenZh(repair.costFen)}`
    const start = repair.benefitStartAfter ? `，${dateZh(repair.benefitStartAfter)}起享受待遇` : ''
    const e = repairOf.evaluation
    return {
      kind: 'back-pay',
      title: `补缴${repair.years.join('、')}年`,
      detail:
        `${repairOf.year}年度现在要等${repair.waitingMonthsBefore ?? 0}个月；` +
        `补缴后${repair.waitingMonthsAfter ? `等${repair.waitingMonthsAfter}个月` : '没有等待期'}，` +
        `可少等${repair.monthsSaved}个月${start}${cost}。补缴只缩短等待期，不能恢复连续参保，也不能取消限额的降低。`,
      figures: [
        waitingFigure(
          e.waitingMonths,
          e.benefitStart,
          e.explanation,
          e.assumptions,
          `${repairOf.year}年度现在的待遇等待期`,
          // Beside the sentence's date after back-paying, this figure is the one without it (review 9).
          '现在（不补缴）等待期',
        ),
      ],
      facts: {
        year: repairOf.year,
        waitingMonths: repair.waitingMonthsAfter,
        benefitStart: repair.benefitStartAfter,
        capYuan: e.capYuan,
        costFen: repair.costFen,
        deadline: null,
      },
    }
  }
  const thisInsured = thisYear.evaluation.covered || employeeEntry(history, thisYear.year) !== undefined
  const payNow = thisYear.whatIf.enrollToday
  if (!thisInsured && payNow && payNow.year === thisYear.year) {
    return {
      kind: 'enroll-now',
      title: `现在参保（${payNow.year}年度）`,
      detail:
        `${enrollTodaySentence(payNow)}；` +
        `${capSentence(todayCapFigure(payNow, thisYear.evaluation.assumptions, thisYear).value)}。` +
        '越早缴费，等待期越早结束。',
      figures: enrollTodayFigures(payNow, thisYear.evaluation.assumptions, thisYear),
      facts: factsOf(payNow, null),
    }
  }
  const paid = residentEntry(history, nextYear.year)
  const detail = paid
    ? `${nextYear.year}年度已缴费，您的参保状态正常。`
    : '您的参保状态正常，集中参保期开始时我们会提醒您。'
  return { kind: 'none', title: '暂时不需要操作', detail, figures: [], facts: null }
}

/**
 * The stretch of the asked year without cover that today (the answer's asOf) falls in, as the engine states it
 * (EMPLOYEE_ENDED / EMPLOYEE_ENDED_SWITCH: fromDate to coverageEnd), or null.
 */
function uncoveredToday(answer: Answer): { endedOn: string; from: string; until: string } | null {
  const gap = gapOf(answer.evaluation.explanation)
  return gap && gap.from <= answer.asOf && answer.asOf <= gap.until ? gap : null
}

/** The engine's stretch without cover in a year whose employee cover ended (EMPLOYEE_ENDED[_SWITCH]), or null. */
function gapOf(steps: readonly StepLike[]): { endedOn: string; from: string; until: string } | null {
  const step = steps.find((s) => s.code === 'EMPLOYEE_ENDED' || s.code === 'EMPLOYEE_ENDED_SWITCH')
  const { endedOn, fromDate, coverageEnd } = step?.values ?? {}
  if (typeof endedOn !== 'string' || typeof fromDate !== 'string' || typeof coverageEnd !== 'string') return null
  return { endedOn, from: fromDate, until: coverageEnd }
}

function factsOf(now: EnrollToday, w: EnrollmentWindow | null): NextAction['facts'] {
  return {
    year: now.year,
    waitingMonths: now.waitingMonths,
    benefitStart: now.benefitStart,
    capYuan: now.capYuan,
    costFen: now.contributionDueFen ?? null,
    deadline: w && w.phase === 'open' && w.year === now.year ? w.end : null,
  }
}

export function provenanceText(history: HistoryResponse): string {
  if (history.history.length === 0) return '还没有参保记录：请在“我的参保年度”里填写，或等医保部门导入。'
  // Years, not entries: a mid-year switch year holds two entries (SPEC §5).
  const count = (source: HistoryResponse['history'][number]['source']) =>
    new Set(history.history.filter((h) => h.source === source).map((h) => h.year)).size
  const office = count('office')
  const family = count('family')
  const self = count('self')
  const parts = [
    office ? `医保部门导入${office}年` : '',
    family ? `家人共济代缴${family}年` : '',
    self ? `本人填写${self}年` : '',
  ].filter(Boolean)
  return `记录来源：${parts.join('，')}${office ? '（以医保部门记录为准）' : ''}`
}

/** The whole home answer from one snapshot of the API. `today` is the day the API computed for (asOf). */
export function homeAnswer(
  snapshot: { thisYear: Answer; nextYear: Answer; history: HistoryResponse },
  region: string | null,
  tables?: PolicyTables,
): HomeAnswer {
  const today = snapshot.nextYear.asOf
  const window = windowFor(snapshot.nextYear, region, today, tables)
  return {
    action: nextAction(snapshot.thisYear, snapshot.nextYear, window, snapshot.history),
    cards: [yearCard(snapshot.thisYear, snapshot.history), yearCard(snapshot.nextYear, snapshot.history)],
    window,
    windowText: window ? windowText(window) : null,
    provenance: provenanceText(snapshot.history),
  }
}

/**
 * When the figures shown offline were fetched, in Beijing time: "12月2日 08:50". "刚刚的数据" did not say
 * how old the figures are once the page has been open a while (review 47).
 */
export const dataTimeZh = (fetchedAtMs: number, nowMs: number = Date.now()): string =>
  `北京时间${cstMomentText(new Date(fetchedAtMs).toISOString(), nowMs)}`
