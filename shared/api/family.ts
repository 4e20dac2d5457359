// Family mutual aid (家庭共济) API: bind close relatives with consent and pay their contributions from the
// payer's employee personal account. Money is integer fen; dates YYYY-MM-DD (CST); instants ISO 8601.

import * as v from 'valibot'
import { SERVED_PROVINCES } from '../regions'
import { FAMILY_ITEMS } from '../family/items'
import { RELATIONSHIPS } from '../family/relationships'
import {
  REGION_NOT_IN_PROVINCE,
  regionCodeSchema,
  regionWithinProvince,
  textSchema,
  unknownFieldMessage,
  yearSchema,
} from './common'

const NAME_CHARS = /^[\p{Script=Han}\p{L}·•.\- ]+$/u

export const InvitationRequestSchema = v.pipe(
  v.strictObject(
    {
      relationship: v.picklist(
        RELATIONSHIPS,
        '请选择亲属关系：配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女或外孙子女',
      ),
      name: v.pipe(textSchema('亲属姓名', 30), v.regex(NAME_CHARS, '姓名只能包含汉字、字母、空格和间隔号“·”')),
      /** checked in full by parseResidentId with the server's today */
      idNumber: v.pipe(
        v.string('身份证号必须是文字'),
        v.minLength(1, '请填写亲属的身份证号'),
        v.maxLength(40, '身份证号应为 18 位'),
      ),
      /** where the relative is insured in the resident scheme */
      province: v.picklist(SERVED_PROVINCES, '请选择亲属的参保省份：四川、山西、黑龙江、贵州或江西'),
      region: v.optional(regionCodeSchema),
      /** the payer declares being the guardian of a relative under 16 */
      guardian: v.optional(v.boolean('“我是其监护人”只能填 true 或 false')),
      /** with `guardian`: the version of the guardian's commitment (监护人承诺书) the payer read and accepted */
      commitmentVersion: v.optional(v.pipe(v.string('承诺书版本必须是文字'), v.maxLength(40, '承诺书版本不正确'))),
    },
    unknownFieldMessage,
  ),
  v.forward(v.partialCheck([['province'], ['region']], regionWithinProvince, REGION_NOT_IN_PROVINCE), ['region']),
)
export type InvitationRequest = v.InferOutput<typeof InvitationRequestSchema>

export const AcceptRequestSchema = v.strictObject(
  {
    code: v.pipe(v.string('邀请码必须是文字'), v.trim(), v.regex(/^[A-Za-z0-9]{8}$/, '邀请码是 8 位字母和数字')),
  },
  unknownFieldMessage,
)

export const PaymentRequestSchema = v.strictObject(
  {
    relativeId: v.pipe(v.string('请选择要代缴的亲属'), v.regex(/^fb_[0-9a-f]{24}$/, '请选择要代缴的亲属')),
    year: yearSchema('缴费年度'),
    item: v.picklist(
      FAMILY_ITEMS,
      '缴费项目只能是 resident-contribution（居民医保）或 long-term-care（长期护理保险，仅黑龙江）',
    ),
  },
  unknownFieldMessage,
)
export type PaymentRequest = v.InferOutput<typeof PaymentRequestSchema>

/** Idempotency-Key header: one key per intended payment, reused on every retry of it. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,64}$/

export const MemberIdParamSchema = v.object({ id: v.pipe(v.string(), v.regex(/^fb_[0-9a-f]{24}$/)) })
export const PaymentIdParamSchema = v.object({ id: v.pipe(v.string(), v.regex(/^fp_[0-9a-f]{24}$/)) })

export const BINDING_STATUSES = ['invited', 'active', 'unbound'] as const
export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed'] as const

export const YearStatusSchema = v.object({
  year: v.number(),
  item: v.picklist(FAMILY_ITEMS),
  /** who paid, when paid: a family payment, the relative's own record, or an office's */
  paidBy: v.nullable(v.picklist(['family', 'self', 'office'])),
  /** a family payment that is still being confirmed */
  pendingPaymentId: v.nullable(v.string()),
  amountDueFen: v.nullable(v.number()),
  amountSource: v.nullable(v.string()),
  /** true for a figure that exists only for the demonstration */
  amountIsDemo: v.boolean(),
  /** why no amount can be given */
  amountMessage: v.nullable(v.string()),
  /** the last day of the enrollment period for this year */
  deadline: v.string(),
  /**
   * true when the region has not published this year's period and `deadline` is the default estimate (D2);
   * `periodStart` is that period's first day. Optional so an older Worker's answer still reads.
   */
  deadlineIsDefault: v.optional(v.boolean()),
  periodStart: v.optional(v.string()),
  /**
   * The rules engine's answer for this year if the payment is made today: when benefits start and the
   * waiting months. Null when the relative's own records are not known to Canbao (the answer would be a
   * guess), or the year is already paid. Optional so an older Worker's answer still reads.
   */
  ifPaidToday: v.optional(
    v.nullable(v.object({ benefitStart: v.nullable(v.string()), waitingMonths: v.nullable(v.number()) })),
  ),
})
export type YearStatus = v.InferOutput<typeof YearStatusSchema>

export const GUARDIAN_REVIEW_STATUSES = ['pending', 'confirmed', 'refused'] as const

export const GuardianReviewSchema = v.object({
  status: v.picklist(GUARDIAN_REVIEW_STATUSES),
  /** who confirmed the household relation: the platform's household register or the child's office */
  confirmedBy: v.nullable(v.picklist(['platform', 'office'])),
  /** whether the payer uploaded the household register page for the office */
  proofUploaded: v.boolean(),
  /** why the office refused, in its words */
  refusalReason: v.nullable(v.string()),
  commitmentVersion: v.string(),
  committedAt: v.string(),
})
export type GuardianReview = v.InferOutput<typeof GuardianReviewSchema>

export const MemberSchema = v.object({
  id: v.string(),
  relationship: v.picklist(RELATIONSHIPS),
  relationshipZh: v.string(),
  name: v.string(),
  idNumberMasked: v.string(),
  birthDate: v.string(),
  province: v.string(),
  region: v.nullable(v.string()),
  status: v.picklist(BINDING_STATUSES),
  consent: v.nullable(v.object({ kind: v.picklist(['relative', 'guardian']), at: v.string() })),
  invitedAt: v.string(),
  inviteExpiresAt: v.nullable(v.string()),
  unboundAt: v.nullable(v.string()),
  /** paid years and amounts: empty until the binding is active (an invitation reveals nothing about the person) */
  years: v.array(YearStatusSchema),
  /** a guardian binding of a child under 16: where the household check stands (null for other bindings) */
  guardianReview: v.nullable(GuardianReviewSchema),
  /** the relative's own entitlement answer, when the relative has signed in and consented */
  entitlement: v.nullable(
    v.object({
      year: v.number(),
      covered: v.boolean(),
      capYuan: v.nullable(v.number()),
      waitingMonths: v.nullable(v.number()),
      benefitStart: v.nullable(v.string()),
    }),
  ),
})
export type Member = v.InferOutput<typeof MemberSchema>

/** A payer as their relative sees them. */
export const PayerSchema = v.object({
  bindingId: v.string(),
  payerName: v.string(),
  relationship: v.picklist(RELATIONSHIPS),
  relationshipZh: v.string(),
  status: v.picklist(BINDING_STATUSES),
  consentedAt: v.nullable(v.string()),
})

export const MembersResponseSchema = v.object({ members: v.array(MemberSchema), payers: v.array(PayerSchema) })
export type MembersResponse = v.InferOutput<typeof MembersResponseSchema>

export const InvitationResponseSchema = v.object({
  member: MemberSchema,
  /** shown to the payer once, to pass on to the relative; null for a guardian binding */
  code: v.nullable(v.string()),
})

export const LedgerEntrySchema = v.object({
  seq: v.number(),
  /** `sync`: a movement outside Canbao (employer credit, pharmacy purchase) seen when re-reading the platform */
  kind: v.picklist(['opening', 'debit', 'reversal', 'sync']),
  amountFen: v.number(),
  balanceAfterFen: v.number(),
  paymentId: v.nullable(v.string()),
  createdAt: v.string(),
})

export const AccountResponseSchema = v.object({
  balanceFen: v.number(),
  accountNoMasked: v.string(),
  /** when the balance was last compared with the platform's */
  syncedAt: v.string(),
  /** payments started but not yet confirmed by the platform */
  pendingFen: v.number(),
  ledger: v.array(LedgerEntrySchema),
})
export type AccountResponse = v.InferOutput<typeof AccountResponseSchema>

export const ReceiptSchema = v.object({
  receiptNo: v.string(),
  transferNo: v.string(),
  payerName: v.string(),
  payeeName: v.string(),
  payeeIdNumberMasked: v.string(),
  year: v.number(),
  itemZh: v.string(),
  amountFen: v.number(),
  completedAt: v.string(),
})

export const PaymentSchema = v.object({
  id: v.string(),
  relativeId: v.string(),
  year: v.number(),
  item: v.picklist(FAMILY_ITEMS),
  amountFen: v.number(),
  amountSource: v.string(),
  status: v.picklist(PAYMENT_STATUSES),
  failureReason: v.nullable(v.string()),
  createdAt: v.string(),
  completedAt: v.nullable(v.string()),
  receipt: v.nullable(ReceiptSchema),
})
export type Payment = v.InferOutput<typeof PaymentSchema>

export const PaymentResponseSchema = v.object({ payment: PaymentSchema })
export const PaymentsResponseSchema = v.object({ payments: v.array(PaymentSchema) })

/** The household register page (户口本) of a pending guardian binding: a photo or scan, JPEG or PNG. */
export const HOUSEHOLD_PROOF_TYPES = ['image/jpeg', 'image/png'] as const
export const MAX_HOUSEHOLD_PROOF_BYTES = 1024 * 1024

export const GuardianReviewResponseSchema = v.object({ guardianReview: GuardianReviewSchema })

/** A pending guardian binding as the child's office reviews it. */
export const HouseholdReviewSchema = v.object({
  bindingId: v.string(),
  childName: v.string(),
  childIdNumberMasked: v.string(),
  childBirthDate: v.string(),
  childRegion: v.nullable(v.string()),
  relationship: v.picklist(RELATIONSHIPS),
  relationshipZh: v.string(),
  payerName: v.string(),
  payerIdNumberMasked: v.string(),
  commitmentVersion: v.string(),
  committedAt: v.string(),
  proofUploadedAt: v.string(),
  proofBytes: v.number(),
})
export type HouseholdReview = v.InferOutput<typeof HouseholdReviewSchema>
export const HouseholdReviewListResponseSchema = v.object({ reviews: v.array(HouseholdReviewSchema) })

export const HouseholdDecisionSchema = v.pipe(
  v.strictObject(
    {
      decision: v.picklist(['confirm', 'refuse'], '请选择“确认”或“不予确认”'),
      /** required when refusing: the payer reads it */
      reason: v.optional(textSchema('不予确认的原因', 100)),
    },
    unknownFieldMessage,
  ),
  v.forward(
    v.check(
      (input) => input.decision === 'confirm' || input.reason !== undefined,
      '请填写不予确认的原因，付款人会看到它',
    ),
    ['reason'],
  ),
)
export type HouseholdDecision = v.InferOutput<typeof HouseholdDecisionSchema>
export const HouseholdReviewIdParamSchema = MemberIdParamSchema
