import * as v from 'valibot'
import { MAX_YEAR, MIN_YEAR, dateSchema, queryIntSchema } from './common'
import { RegionFiguresViewSchema } from '../registry/figures'

/**
 * `year` defaults to the current coverage year (CST). The other parameters are figures a pooling region
 * publishes that the rules tables do not have yet (以当地医保部门公布为准): a resident or office may supply
 * the locally published number; the answer then lists it under `suppliedFigures`.
 */
export const EntitlementQuerySchema = v.pipe(
  v.object({
    year: v.optional(queryIntSchema('查询年度', MIN_YEAR, MAX_YEAR)),
    baseCapYuan: v.optional(queryIntSchema('大病保险基础封顶线（元）', 1, 100_000_000)),
    stepYuan: v.optional(queryIntSchema('每档调整金额（元）', 1, 10_000_000)),
    contributionFen: v.optional(queryIntSchema('个人缴费标准（分）', 0, 100_000_000)),
    enrollmentStart: v.optional(dateSchema('集中缴费期开始日期')),
    enrollmentEnd: v.optional(dateSchema('集中缴费期结束日期')),
  }),
  v.forward(
    v.partialCheck(
      [['enrollmentStart'], ['enrollmentEnd']],
      (q) => (q.enrollmentStart === undefined) === (q.enrollmentEnd === undefined),
      '集中缴费期的开始和结束日期要一起填写',
    ),
    ['enrollmentEnd'],
  ),
  v.forward(
    v.partialCheck(
      [['enrollmentStart'], ['enrollmentEnd']],
      (q) => q.enrollmentStart === undefined || q.enrollmentEnd === undefined || q.enrollmentStart <= q.enrollmentEnd,
      '集中缴费期的结束日期不能早于开始日期',
    ),
    ['enrollmentEnd'],
  ),
)
export type EntitlementQuery = v.InferOutput<typeof EntitlementQuerySchema>

const yuanOrNull = v.nullable(v.number())

const ExplanationSchema = v.array(
  v.object({ code: v.string(), values: v.record(v.string(), v.union([v.number(), v.string()])), cite: v.string() }),
)

/** The rules engine's Evaluation: every `expect` key of the policy case format, plus fen twins and detail. */
export const EvaluationSchema = v.object({
  province: v.string(),
  year: v.number(),
  covered: v.boolean(),
  capYuan: yuanOrNull,
  capFen: yuanOrNull,
  baseCapYuan: yuanOrNull,
  baseCapFen: yuanOrNull,
  stepYuan: yuanOrNull,
  stepFen: yuanOrNull,
  incentiveYuan: yuanOrNull,
  incentiveFen: yuanOrNull,
  gapPenaltyYuan: yuanOrNull,
  gapPenaltyFen: yuanOrNull,
  continuousSteps: v.number(),
  zeroClaimSteps: v.number(),
  penaltySteps: v.number(),
  gapYears: v.number(),
  waitingMonths: v.nullable(v.number()),
  fixedWaitingMonths: v.nullable(v.number()),
  variableWaitingMonths: v.nullable(v.number()),
  late: v.boolean(),
  benefitStart: v.nullable(v.string()),
  coverageEnd: v.nullable(v.string()),
  exemption: v.nullable(v.string()),
  repairCostFen: v.nullable(v.number()),
  contributionDueFen: v.nullable(v.number()),
  convertedEmployeeYears: v.nullable(v.number()),
  assumptions: v.array(v.string()),
  explanation: ExplanationSchema,
})

export const CapPointSchema = v.object({
  year: v.number(),
  capYuan: yuanOrNull,
  capFen: yuanOrNull,
  continuousSteps: v.number(),
  zeroClaimSteps: v.number(),
  assumptions: v.optional(v.array(v.string())),
  /** the year's base cap is not published: this earlier year's figure stands in for it */
  baseCapFromYear: v.optional(v.number()),
  /** why the point has no amount or an estimated one, and what is known (原封顶线 + 6000元), in words */
  noteZh: v.optional(v.string()),
})

/**
 * A declared zero-claim year (零报销) that is not over on `asOf` counts in `evaluation` and `whatIf.enrollToday` as
 * if it were: a claim before 31 December would cancel its step. This block gives the figure already earned
 * whatever the rest of the year brings, for each of those two figures it differs from (null when it does not).
 */
export const PendingZeroClaimSchema = v.object({
  /** the declared zero-claim years not over yet, e.g. [2026]: the condition "如2026年全年没有报销" */
  years: v.array(v.number()),
  /** the asked year's cap with those years told as claim years */
  earned: v.nullable(
    v.object({
      capYuan: yuanOrNull,
      capFen: yuanOrNull,
      incentiveYuan: yuanOrNull,
      gapPenaltyYuan: yuanOrNull,
      continuousSteps: v.number(),
      zeroClaimSteps: v.number(),
      penaltySteps: v.number(),
      explanation: ExplanationSchema,
    }),
  ),
  /** paying today: the cap already earned for the year `whatIf.enrollToday` buys */
  enrollTodayEarned: v.nullable(v.object({ capYuan: yuanOrNull, explanation: ExplanationSchema })),
})

export const EntitlementResponseSchema = v.object({
  year: v.number(),
  /** the CST date the answer was computed for */
  asOf: v.string(),
  evaluation: EvaluationSchema,
  /** one Chinese sentence per explanation step, each ending with its clause */
  explanationZh: v.array(v.string()),
  assumptionsZh: v.array(v.string()),
  suppliedFigures: v.array(v.picklist(['baseCapYuan', 'stepYuan', 'contributionFen', 'enrollmentPeriod'])),
  /** the region figure registry's version this answer used, and each figure it rests on with its source */
  regionFigures: v.optional(RegionFiguresViewSchema),
  /** present only when a declared zero-claim year not over yet changes a cap this answer states */
  pendingZeroClaim: v.optional(PendingZeroClaimSchema),
  whatIf: v.object({
    /** "if I pay today": the coverage year today's payment buys and what it gives */
    enrollToday: v.nullable(
      v.object({
        year: v.number(),
        paidOn: v.string(),
        late: v.boolean(),
        capYuan: yuanOrNull,
        waitingMonths: v.nullable(v.number()),
        benefitStart: v.nullable(v.string()),
        contributionDueFen: v.optional(v.nullable(v.number())),
        /** the engine's steps for this what-if, so the figures it shows open their explanation */
        explanation: v.optional(ExplanationSchema),
      }),
    ),
    /** back-paying every repairable gap year before `year`, when there is one */
    backPay: v.nullable(
      v.object({
        years: v.array(v.number()),
        costFen: v.nullable(v.number()),
        waitingMonthsBefore: v.nullable(v.number()),
        waitingMonthsAfter: v.nullable(v.number()),
        monthsSaved: v.number(),
        benefitStartBefore: v.nullable(v.string()),
        benefitStartAfter: v.nullable(v.string()),
      }),
    ),
    /** the cap for `year` and the next five years if the resident keeps paying on time */
    stayEnrolled: v.array(CapPointSchema),
  }),
})
export type EntitlementResponse = v.InferOutput<typeof EntitlementResponseSchema>
