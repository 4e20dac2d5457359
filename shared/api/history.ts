import * as v from 'valibot'
import { dateSchema, fenSchema, unknownFieldMessage, yearSchema } from './common'
import { MAX_PROGRAMME_YEARS, MIN_PROGRAMME_YEARS } from '../policy/validate'

export const SCHEMES = ['resident', 'employee'] as const
export const GROUP_KINDS = [
  'newborn',
  'student-first-enrollment',
  'veteran-discharged',
  'left-other-system',
  'assistance-funded',
] as const

/** Caps that no real person reaches and that keep one request small. */
export const MAX_HISTORY_ENTRIES = 120
export const MAX_GROUPS = 10

/** The engine's own bounds on a Sichuan whole-programme payment (000 (一)), with what the resident reads. */
const programmeYearsSchema = v.pipe(
  v.number('学制年数必须是数字'),
  v.integer('学制年数必须是整数'),
  v.minValue(MIN_PROGRAMME_YEARS, `学制年数应在 ${MIN_PROGRAMME_YEARS} 至 ${MAX_PROGRAMME_YEARS} 年之间`),
  v.maxValue(MAX_PROGRAMME_YEARS, `学制年数应在 ${MIN_PROGRAMME_YEARS} 至 ${MAX_PROGRAMME_YEARS} 年之间`),
)

/**
 * One covered year, in the shape of the policy cases' `input.history` entries. A year may hold two entries
 * (SPEC §5, docs/policy.md#s5): an employee entry ended mid-year and a resident entry paid after it; whether
 * two entries of one year fit together is the engine's check (DUPLICATE_YEAR, SWITCH_ORDER), run by the route.
 */
export const HistoryEntrySchema = v.pipe(
  v.strictObject(
    {
      year: yearSchema('参保年度'),
      scheme: v.picklist(SCHEMES, '险种只能是 resident（城乡居民医保）或 employee（职工医保）'),
      paidOn: v.optional(dateSchema('缴费日期')),
      fundPaidFen: v.optional(fenSchema('医保基金支付金额')),
      incentiveUsed: v.optional(v.boolean('是否使用了激励额度只能填 true 或 false')),
      endedOn: v.optional(dateSchema('职工医保终止日期')),
      /** Sichuan 000 (一): a student's payment for the whole programme covers `year` and the years after it */
      programmeYears: v.optional(programmeYearsSchema),
    },
    unknownFieldMessage,
  ),
  v.forward(
    v.partialCheck(
      [['year'], ['endedOn']],
      (e) => e.endedOn === undefined || e.endedOn.startsWith(`${e.year}-`),
      '职工医保终止日期应在该参保年度之内',
    ),
    ['endedOn'],
  ),
)
export type HistoryEntryInput = v.InferOutput<typeof HistoryEntrySchema>

export const GroupSchema = v.strictObject(
  {
    kind: v.picklist(GROUP_KINDS, '不认识的人群类别'),
    exitedOn: v.optional(dateSchema('退役或转出日期')),
    year: v.optional(yearSchema('适用年度')),
  },
  unknownFieldMessage,
)
export type GroupInput = v.InferOutput<typeof GroupSchema>

const uniqueYears = (years: number[]) => new Set(years).size === years.length

export const HistoryRequestSchema = v.strictObject(
  {
    history: v.pipe(
      v.array(HistoryEntrySchema, '参保记录必须是一个列表'),
      v.maxLength(MAX_HISTORY_ENTRIES, `参保记录最多 ${MAX_HISTORY_ENTRIES} 条`),
    ),
    groups: v.optional(
      v.pipe(v.array(GroupSchema, '人群类别必须是一个列表'), v.maxLength(MAX_GROUPS, `人群类别最多 ${MAX_GROUPS} 项`)),
    ),
    backPaidYears: v.optional(
      v.pipe(
        v.array(yearSchema('补缴年度'), '补缴年度必须是一个列表'),
        v.maxLength(MAX_HISTORY_ENTRIES, `补缴年度最多 ${MAX_HISTORY_ENTRIES} 个`),
        v.check(uniqueYears, '补缴年度不能重复'),
      ),
    ),
  },
  unknownFieldMessage,
)
export type HistoryRequest = v.InferOutput<typeof HistoryRequestSchema>

export const PROVENANCES = ['office', 'family', 'self'] as const

export const HistoryItemSchema = v.object({
  year: v.number(),
  scheme: v.picklist(SCHEMES),
  paidOn: v.optional(v.string()),
  fundPaidFen: v.optional(v.number()),
  incentiveUsed: v.optional(v.boolean()),
  endedOn: v.optional(v.string()),
  programmeYears: v.optional(v.number()),
  /**
   * `office`: imported by the insurance office, wins over everything; `family`: paid by a bound relative through
   * 家庭共济 and confirmed by the platform, wins over `self`: declared by the resident
   */
  source: v.picklist(PROVENANCES),
})
export type HistoryItem = v.InferOutput<typeof HistoryItemSchema>

export const HistoryResponseSchema = v.object({
  history: v.array(HistoryItemSchema),
  groups: v.array(GroupSchema),
  backPaidYears: v.array(v.number()),
  /** years the resident declared that an office record or a confirmed family payment replaced */
  overriddenSelfYears: v.array(v.number()),
  /** back-paid years dropped because an office record shows the year as enrolled */
  ignoredBackPaidYears: v.array(v.number()),
})
export type HistoryResponse = v.InferOutput<typeof HistoryResponseSchema>
