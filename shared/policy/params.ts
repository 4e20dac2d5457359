// Resolves the tables for one province, pooling region and coverage year into the flat parameter set the
// core reads, with every citation the explanation needs already joined. Precedence of decisions:
// options.overrides > region data > province table.

import { at, type Cited, type Dated } from './dated'
import { ymd } from './dates'
import {
  DECISION_IDS,
  DECISION_NAMES,
  SPEC_DECISIONS,
  type DecisionId,
  type DecisionName,
  type DecisionOverrides,
  type Decisions,
  type PeriodBound,
  type PeriodRule,
} from './decisions'
import {
  PROVINCES,
  type ConversionRule,
  type DischargedRule,
  type ExitWindowRule,
  type LimitRule,
  type NewbornRule,
  type ProvinceTable,
  type SchemeSwitchRule,
  type StepRule,
  type StudentRule,
  type ValidityRule,
  type WaitingRule,
} from './provinces'
import { REGIONS, provinceRegionCode, type RegionData, type RegionFigure, type RegionTable } from './regions'
import type { StepCode } from './step-codes'
import type { ExplanationStep, ProvinceCode } from './types'

export interface PolicyTables {
  readonly provinces: Readonly<Record<ProvinceCode, ProvinceTable>>
  readonly regions: RegionTable
}

export const DEFAULT_TABLES: PolicyTables = { provinces: PROVINCES, regions: REGIONS }

export interface ResolveOptions {
  readonly overrides?: DecisionOverrides
  readonly tables?: PolicyTables
}

/** A regional figure with where it comes from. */
export interface Sourced<T> {
  readonly value: T
  readonly source: string
  readonly verified: boolean
}

/** The joined citations of each explanation step, e.g. `000 (三); D10`. */
export interface StepCites {
  readonly base: string
  /** the province's step rule */
  readonly stepRule: string
  /** the step in force: the rule, with the region's source where the region sets it */
  readonly step: string
  readonly streak: string
  readonly continuous: string
  readonly kept: string
  readonly employee: string
  readonly zeroClaim: string
  readonly zeroClaimGap: string
  readonly maxUp: string
  readonly gap: string
  readonly birth: string
  readonly restored: string
  readonly penalty: string
  readonly maxDown: string
  readonly waiting: string
  readonly late: string
  readonly variable: string
  readonly backPay: string
  readonly repair: string
  readonly newborn: string
  readonly conversion: string
  readonly mechanism: string
  /** D14: a pre-2025 year counted as insured */
  readonly insured: string
  /** D16 */
  readonly newbornNextYear: string
  /** D17 with the student clause */
  readonly student: string
}

export interface ResolvedParams {
  readonly province: ProvinceCode
  readonly provinceNameZh: string
  readonly regionCode: string
  readonly regionNameZh: string
  /** false when the input named a region the table does not hold: the province's figures were used */
  readonly regionInTable: boolean
  readonly year: number
  /** the province's own figure (Sichuan) or the region's; null when neither is published */
  readonly baseCap: Sourced<number> | null
  /** the province fixes the base cap (Sichuan): a base cap given as input is ignored */
  readonly baseCapFixed: boolean
  readonly step: StepRule
  /** the region's figure where the province lets the region set the step (Heilongjiang) */
  readonly stepRegion: Sourced<number> | null
  readonly maxUp: LimitRule
  readonly maxDown: LimitRule
  /** full continuous years before the first continuous step */
  readonly continuousAfterYears: number
  readonly waiting: WaitingRule
  readonly newborn: NewbornRule
  readonly student: Cited<StudentRule | null>
  readonly exitWindow: Cited<ExitWindowRule | null>
  readonly discharged: Cited<DischargedRule | null>
  readonly assistanceFunded: Cited<boolean>
  readonly schemeSwitch: Cited<SchemeSwitchRule | null>
  readonly conversion: ConversionRule | null
  readonly studentProgramme: Cited<boolean>
  readonly validity: Cited<ValidityRule | null>
  /** the individual contribution standard of `year` (fen) */
  readonly contribution: Sourced<number | null> & { readonly minimumFen: number | null }
  /** the standard of any coverage year (D9 'gap-year') */
  readonly contributionFenOf: (year: number) => number | null
  /** `year`'s enrollment period: one or more windows as ymd numbers (a region may publish an extension) */
  readonly periods: readonly { readonly start: number; readonly end: number }[]
  /** the first window's start and the last window's end */
  readonly periodStart: number
  readonly periodEnd: number
  /** true when the period is the D2 default, not a region's published dates */
  readonly periodIsDefault: boolean
  readonly decisions: Decisions
  /** decisions whose value differs from the province table's (changed by region data or the caller) */
  readonly overridden: readonly DecisionId[]
  readonly cite: StepCites
  /** steps that depend only on these parameters, built once and shared (frozen) by every evaluation */
  readonly fixed: FixedSteps
  /** `Y-01-01` and `Y-12-31` */
  readonly yearStartText: string
  readonly yearEndText: string
}

export interface FixedSteps {
  /** null when the base cap is unknown */
  readonly baseCap: ExplanationStep | null
  readonly baseCapUnknown: ExplanationStep
  /** the province's or region's step, null when it depends on the base cap (Guizhou) */
  readonly step: ExplanationStep | null
  readonly incentiveNone: ExplanationStep
  readonly penaltyNone: ExplanationStep
  readonly capUnknown: ExplanationStep
  readonly noWaiting: ExplanationStep
  readonly coverageEnd: ExplanationStep
  /** the region's contribution standard, or that it is unknown */
  readonly contribution: ExplanationStep
}

const fixedStep = (code: StepCode, values: Record<string, number | string>, cite: string): ExplanationStep =>
  Object.freeze({ code, values: Object.freeze(values), cite })

// tables → province → region ('' for none) → coverage year − MIN_CACHED_YEAR: no string is built per lookup.
// Keyed by the tables object, so a server's registry snapshot (one object per version) is cached like the
// built-in tables and dropped with it.
type ParamsCache = Map<string, Map<string, (ResolvedParams | undefined)[]>>
const caches = new WeakMap<PolicyTables, ParamsCache>()
const MIN_CACHED_YEAR = 1900

/** Cached per tables object without overrides: the server and the benchmark resolve per input. */
export function resolveParams(
  province: ProvinceCode,
  region: string | undefined,
  year: number,
  options: ResolveOptions = {},
): ResolvedParams {
  if (options.overrides !== undefined) return resolveUncached(province, region, year, options)
  const tables = options.tables ?? DEFAULT_TABLES
  // One evaluation asks for the same province and region for many years (each history entry's windows):
  // the last place asked for skips the three map lookups.
  if (tables === last.tables && province === last.province && region === last.region) {
    const hit = last.byYear[year - MIN_CACHED_YEAR]
    if (hit !== undefined) return hit
  }
  let cache = caches.get(tables)
  if (cache === undefined) {
    cache = new Map()
    caches.set(tables, cache)
  }
  let byRegion = cache.get(province)
  if (byRegion === undefined) {
    byRegion = new Map()
    cache.set(province, byRegion)
  }
  let byYear = byRegion.get(region ?? '')
  if (byYear === undefined) {
    byYear = []
    byRegion.set(region ?? '', byYear)
  }
  let params = byYear[year - MIN_CACHED_YEAR]
  if (params === undefined) byYear[year - MIN_CACHED_YEAR] = params = resolveUncached(province, region, year, options)
  last.tables = tables
  last.province = province
  last.region = region
  last.byYear = byYear
  return params
}

// Holds the last tables object asked for (the WeakMap holds none): a replaced registry snapshot stays alive
// only until another one is asked for.
const last: {
  tables: PolicyTables | null
  province: ProvinceCode | null
  region: string | undefined
  byYear: (ResolvedParams | undefined)[]
} = { tables: null, province: null, region: undefined, byYear: [] }

/** Joins cites with '; ', skipping empty ones and parts already named. */
export function joinCites(...parts: string[]): string {
  const out: string[] = []
  for (const part of parts) for (const one of part.split('; ')) if (one !== '' && !out.includes(one)) out.push(one)
  return out.join('; ')
}

function resolveUncached(
  province: ProvinceCode,
  regionCode: string | undefined,
  year: number,
  options: ResolveOptions,
): ResolvedParams {
  const tables = options.tables ?? DEFAULT_TABLES
  const table = tables.provinces[province]
  const provinceRegion = tables.regions[provinceRegionCode(province)]
  const named = regionCode === undefined ? undefined : tables.regions[regionCode]
  const inTable = regionCode === undefined || named?.province === province
  const region = inTable && named !== undefined ? named : provinceRegion
  const figure = <F extends RegionFigure<unknown>>(pick: (r: RegionData) => Dated<F> | undefined, y: number) => {
    const own = region === undefined ? undefined : pick(region)
    const inherited = provinceRegion === undefined ? undefined : pick(provinceRegion)
    const dated = own ?? inherited
    return dated === undefined ? undefined : at(dated, y)
  }
  const get = <T>(dated: Dated<Cited<T>>): Cited<T> => at(dated, year)

  // Starts as a copy of a literal so that the object keeps a fast shape: the core reads it on every call.
  const decisions: Record<string, unknown> = { ...SPEC_DECISIONS }
  const decisionCite: Record<string, string> = {}
  const overridden: DecisionId[] = []
  for (const name of DECISION_NAMES) {
    const fromTable = get<unknown>(table.decisions[name])
    const value =
      options.overrides?.[name] ?? region?.decisions?.[name] ?? provinceRegion?.decisions?.[name] ?? fromTable.value
    decisions[name] = value
    decisionCite[name] = fromTable.cite
    if (JSON.stringify(value) !== JSON.stringify(fromTable.value)) overridden.push(DECISION_IDS[name])
  }
  const d = decisions as unknown as Decisions
  const dc = (name: DecisionName): string => decisionCite[name] ?? DECISION_IDS[name]

  const baseRule = get(table.baseCap)
  const baseFigure = figure((r) => r.baseCapYuan, year)
  const stepRule = get(table.step)
  const stepFigure = stepRule.value.kind === 'region' ? figure((r) => r.stepYuan, year) : undefined
  const contribution = figure((r) => r.contributionFen, year)
  const periodFigure = figure((r) => r.enrollmentPeriod, year)
  const periodFromCaller = options.overrides?.enrollmentPeriod !== undefined
  const regionPeriod = periodFromCaller ? null : (periodFigure?.value ?? null)
  const periodRules: readonly PeriodRule[] =
    regionPeriod === null ? [d.enrollmentPeriod] : isPeriodList(regionPeriod) ? regionPeriod : [regionPeriod]
  const periods = periodRules.map((rule) => ({ start: boundDate(rule.start, year), end: boundDate(rule.end, year) }))
  const maxUp = get(table.maxUp)
  const maxDown = get(table.maxDown)
  const continuous = get(table.continuousAfterYears)
  const waiting = get(table.waiting)
  const newborn = get(table.newborn)
  const conversion = get(table.conversion)
  const gapCite = get(table.gapPenalty).cite
  const zeroClaimCite = get(table.zeroClaim).cite

  const cite = {
    base: baseRule.cite,
    stepRule: stepRule.cite,
    step: stepFigure?.value == null ? stepRule.cite : joinCites(stepRule.cite, stepFigure.source),
    streak: joinCites(continuous.cite, dc('mechanismStartYear')),
    continuous: continuous.cite,
    kept: joinCites(continuous.cite, dc('keepContinuousStepsAfterGap')),
    employee: dc('employeeYearIsGap'),
    zeroClaim: zeroClaimCite,
    zeroClaimGap: joinCites(zeroClaimCite, dc('zeroClaimSurvivesGap')),
    maxUp: maxUp.cite,
    gap: joinCites(gapCite, dc('mechanismStartYear')),
    birth: dc('birthYearCanBeGap'),
    restored: joinCites(get(table.repair).cite, dc('backPayRestoresContinuity')),
    penalty: joinCites(
      gapCite,
      d.penaltyPerReenrollment ? dc('penaltyPerReenrollment') : dc('gapPenaltyPersists'),
      stepRule.value.kind === 'region' || d.gapStepYuan !== null ? dc('gapStepYuan') : '',
    ),
    maxDown: maxDown.cite,
    waiting: waiting.cite,
    late: joinCites(waiting.cite, regionPeriod === null ? dc('enrollmentPeriod') : (periodFigure?.source ?? '')),
    variable: joinCites(waiting.cite, dc('oneYearGapAddsMonth')),
    backPay: joinCites(waiting.cite, dc('backPayRestoresContinuity')),
    repair: joinCites(get(table.repair).cite, dc('backPayStandard')),
    newborn: joinCites(newborn.cite, dc('newbornWindowDays')),
    conversion: joinCites(conversion.cite, dc('conversionRounding')),
    mechanism: dc('mechanismStartYear'),
    insured: dc('insuredBeforeMechanismCounts'),
    newbornNextYear: joinCites(dc('newbornNextYearNeverLate'), dc('newbornWindowDays')),
    student: joinCites(get(table.student).cite, dc('studentNextYearFromPayment')),
  }
  const baseCap: Sourced<number> | null =
    baseRule.value.kind === 'province'
      ? { value: baseRule.value.yuan, source: baseRule.cite, verified: true }
      : sourced(baseFigure)
  const stepRegion = sourced(stepFigure)
  // the place a resident named (even one the tables do not hold yet), else the province
  const placeCode = regionCode ?? provinceRegionCode(province)
  const rule = stepRule.value
  const stepYuan = rule.kind === 'fixed' ? rule.yuan : rule.kind === 'region' ? (stepRegion?.value ?? null) : null
  const contributionStep =
    contribution?.value != null
      ? fixedStep('CONTRIBUTION', { fen: contribution.value }, contribution.source)
      : contribution?.minimumFen != null
        ? fixedStep('CONTRIBUTION_UNKNOWN', { minimumFen: contribution.minimumFen }, contribution.source)
        : fixedStep('CONTRIBUTION_UNKNOWN', {}, '')
  const fixed: FixedSteps = {
    // A region's base cap is a figure of one year (赵六: none for 2026, one for 2027): the step names the place
    // and the year, so two years' answers say why their bases differ.
    baseCap:
      baseCap === null
        ? null
        : baseRule.value.kind === 'province'
          ? fixedStep('BASE_CAP', { baseYuan: baseCap.value }, baseCap.source)
          : fixedStep('BASE_CAP_REGION', { region: placeCode, year, baseYuan: baseCap.value }, baseCap.source),
    baseCapUnknown: fixedStep('BASE_CAP_UNKNOWN', { region: placeCode, year }, cite.base),
    step:
      stepYuan !== null
        ? fixedStep('STEP_FIXED', { stepYuan }, cite.step)
        : rule.kind === 'region'
          ? fixedStep('STEP_MINIMUM', { stepYuan: rule.minimumYuan }, cite.step)
          : null,
    incentiveNone: fixedStep('INCENTIVE_NONE', {}, cite.maxUp),
    penaltyNone: fixedStep('PENALTY_NONE', {}, cite.penalty),
    capUnknown: fixedStep('CAP_UNKNOWN', {}, cite.base),
    noWaiting: fixedStep('NO_WAITING', { year }, cite.waiting),
    coverageEnd: fixedStep('COVERAGE_END', { date: year + '-12-31' }, cite.waiting),
    contribution: contributionStep,
  }

  return {
    province,
    provinceNameZh: table.nameZh,
    regionCode: region?.code ?? provinceRegionCode(province),
    regionNameZh: region?.nameZh ?? table.nameZh,
    regionInTable: inTable,
    year,
    baseCap,
    baseCapFixed: baseRule.value.kind === 'province',
    step: stepRule.value,
    stepRegion,
    maxUp: maxUp.value,
    maxDown: maxDown.value,
    continuousAfterYears: continuous.value,
    waiting: waiting.value,
    newborn: newborn.value,
    student: get(table.student),
    exitWindow: get(table.exitWindow),
    discharged: get(table.discharged),
    assistanceFunded: get(table.assistanceFunded),
    schemeSwitch: get(table.schemeSwitch),
    conversion: conversion.value,
    studentProgramme: get(table.studentProgramme),
    validity: get(table.validity),
    contribution: {
      value: contribution?.value ?? null,
      minimumFen: contribution?.minimumFen ?? null,
      source: contribution?.source ?? '',
      verified: contribution?.verified ?? false,
    },
    contributionFenOf: (y) => figure((r) => r.contributionFen, y)?.value ?? null,
    periods,
    periodStart: Math.min(...periods.map((w) => w.start)),
    periodEnd: Math.max(...periods.map((w) => w.end)),
    periodIsDefault: regionPeriod === null && !overridden.includes('D2'),
    decisions: d,
    overridden,
    cite,
    fixed,
    yearStartText: year + '-01-01',
    yearEndText: year + '-12-31',
  }
}

function sourced(figure: RegionFigure<number> | undefined): Sourced<number> | null {
  return figure?.value == null ? null : { value: figure.value, source: figure.source, verified: figure.verified }
}

const isPeriodList = (value: PeriodRule | readonly PeriodRule[]): value is readonly PeriodRule[] => Array.isArray(value)

const boundDate = (bound: PeriodBound, year: number): number => ymd(year + bound.yearOffset, bound.month, bound.day)
