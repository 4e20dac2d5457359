import * as v from 'valibot'
import { VerificationFinishRequestSchema, VerificationStartResponseSchema } from '@canbao/shared/api/identity'
import { ERROR_CODES, ERROR_HTTP_STATUS, ERROR_MESSAGES_ZH, type ErrorCode } from '@canbao/shared'
import { HealthResponseSchema } from '@canbao/shared/api/health'
import { LoginRequestSchema, LoginResponseSchema, UserViewSchema } from '@canbao/shared/api/auth'
import { ProfileRequestSchema, ProfileResponseSchema } from '@canbao/shared/api/profile'
import { HistoryRequestSchema, HistoryResponseSchema } from '@canbao/shared/api/history'
import { EntitlementQuerySchema, EntitlementResponseSchema } from '@canbao/shared/api/entitlement'
import { IMPORT_COLUMNS } from '@canbao/shared/api/import-csv'
import {
  AuditListQuerySchema,
  AuditListResponseSchema,
  ConflictCountsResponseSchema,
  ImportIdParamSchema,
  ImportJobResponseSchema,
  ImportListQuerySchema,
  ImportListResponseSchema,
  ImportRejectionSchema,
  OfficeResidentResponseSchema,
  ResidentListQuerySchema,
  ResidentListResponseSchema,
  ResidentLookupRequestSchema,
} from '@canbao/shared/api/office'
import {
  CampaignIdParamSchema,
  CampaignListQuerySchema,
  CampaignListResponseSchema,
  CampaignRequestSchema,
  CampaignResponseSchema,
  ConsentRequestSchema,
  PreviewResponseSchema,
  ReminderKindParamSchema,
  RemindersResponseSchema,
  SubscriptionChangeSchema,
} from '@canbao/shared/api/reminders'
import {
  AcceptRequestSchema,
  AccountResponseSchema,
  GuardianReviewResponseSchema,
  HouseholdDecisionSchema,
  HouseholdReviewIdParamSchema,
  HouseholdReviewListResponseSchema,
  InvitationRequestSchema,
  InvitationResponseSchema,
  MemberIdParamSchema,
  MembersResponseSchema,
  PayerSchema,
  PaymentIdParamSchema,
  PaymentRequestSchema,
  PaymentResponseSchema,
  PaymentsResponseSchema,
} from '@canbao/shared/api/family'
import { OfficeFiguresResponseSchema, OfficeProposalResponseSchema } from '@canbao/shared/api/registry'
import {
  DecisionRequestSchema,
  FigureSetQuerySchema,
  FigureSetSchema,
  ProposalRequestSchema,
} from '@canbao/shared/registry/figures'
import { toJsonSchema, toParameters } from './json-schema'

type Schema = v.GenericSchema

export interface Operation {
  method: 'get' | 'post' | 'put' | 'delete'
  /** Hono path syntax (`:id`); converted to OpenAPI's `{id}` */
  path: string
  summary: string
  description?: string
  auth: boolean
  body?: { schema: Schema } | { csv: true } | { image: true }
  query?: Schema
  params?: Schema
  ok: { status: 200 | 201 | 202; schema: Schema; description: string; binary?: string[] }[]
  errors: ErrorCode[]
}

const COMMON_AUTH_ERRORS: ErrorCode[] = ['UNAUTHENTICATED', 'INTERNAL', 'DB_UNAVAILABLE']
const JSON_BODY_ERRORS: ErrorCode[] = ['BAD_REQUEST', 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE']

/** Every route of the app. A test checks this list against the Hono router, so neither can drift. */
export const OPERATIONS: readonly Operation[] = [
  {
    method: 'get',
    path: '/api/health',
    summary: '服务与数据库状态',
    auth: false,
    ok: [{ status: 200, schema: HealthResponseSchema, description: '服务正常' }],
    errors: [],
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: '本文档（由共享的 valibot 模式生成）',
    auth: true,
    ok: [{ status: 200, schema: v.record(v.string(), v.unknown()), description: 'OpenAPI 3.1 文档' }],
    errors: [],
  },
  {
    method: 'post',
    path: '/api/auth/login',
    summary: '微信登录',
    description:
      '用 wx.login 得到的 code 换取会话令牌。本地开发时 code 可写成 dev:<名字>。session_key 不会离开服务端。',
    auth: false,
    body: { schema: LoginRequestSchema },
    ok: [{ status: 200, schema: LoginResponseSchema, description: '登录成功' }],
    errors: [
      ...JSON_BODY_ERRORS,
      'WECHAT_CODE_INVALID',
      'WECHAT_USER_BLOCKED',
      'WECHAT_BUSY',
      'RATE_LIMITED',
      'UPSTREAM_UNAVAILABLE',
      'INTERNAL',
    ],
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    summary: '退出登录',
    description: '结束本次会话：该令牌之后的任何请求都返回 401。',
    auth: true,
    ok: [{ status: 200, schema: v.object({ ok: v.literal(true) }), description: '已退出' }],
    errors: COMMON_AUTH_ERRORS,
  },
  {
    method: 'get',
    path: '/api/me',
    summary: '当前用户',
    auth: true,
    ok: [{ status: 200, schema: v.object({ user: UserViewSchema }), description: '当前用户（身份证号已打码）' }],
    errors: COMMON_AUTH_ERRORS,
  },
  {
    method: 'delete',
    path: '/api/me',
    summary: '注销账号',
    description:
      '删除参保人信息、本人申报的记录、提醒订阅、会话和未接受的邀请；家庭共济的账目和缴费凭证以化名保留；经办机构的记录不受影响。不可撤销。',
    auth: true,
    ok: [{ status: 200, schema: v.object({ ok: v.literal(true) }), description: '已注销' }],
    errors: COMMON_AUTH_ERRORS,
  },
  {
    method: 'get',
    path: '/api/me/export',
    summary: '导出我的数据',
    description: '以 JSON 返回保存的关于本人的全部信息；身份证号只显示打码后的号码。',
    auth: true,
    ok: [{ status: 200, schema: v.record(v.string(), v.unknown()), description: '我的数据' }],
    errors: COMMON_AUTH_ERRORS,
  },
  {
    method: 'delete',
    path: '/api/me/notices',
    summary: '已读账号通知',
    auth: true,
    ok: [{ status: 200, schema: v.object({ ok: v.literal(true) }), description: '已清除' }],
    errors: COMMON_AUTH_ERRORS,
  },
  {
    method: 'post',
    path: '/api/me/verification',
    summary: '开始实名认证（微信人脸核身）',
    description: '用参保人信息的姓名和身份证号调用微信 getverifyid，返回 verifyId 供 wx.requestFacialVerify 使用。',
    auth: true,
    ok: [{ status: 200, schema: VerificationStartResponseSchema, description: '可以开始人脸核身' }],
    errors: [...COMMON_AUTH_ERRORS, 'PROFILE_REQUIRED', 'RATE_LIMITED', 'UPSTREAM_UNAVAILABLE', 'WECHAT_BUSY'],
  },
  {
    method: 'post',
    path: '/api/me/verification/result',
    summary: '完成实名认证',
    description: '调用微信 queryverifyinfo 查询真实结果，只有 verify_ret 为 10000 才算通过。',
    auth: true,
    body: { schema: VerificationFinishRequestSchema },
    ok: [{ status: 200, schema: ProfileResponseSchema, description: '已实名' }],
    errors: [
      ...COMMON_AUTH_ERRORS,
      ...JSON_BODY_ERRORS,
      'VERIFY_CANCELLED',
      'VERIFY_FAILED',
      'VERIFY_UNSUPPORTED',
      'VERIFY_EXPIRED',
      'VERIFY_PROFILE_CHANGED',
      'UPSTREAM_UNAVAILABLE',
    ],
  },
  {
    method: 'put',
    path: '/api/me/profile',
    summary: '填写或修改参保人信息',
    description: '身份证号按 GB 11643 校验（校验码、出生日期、行政区划），加密保存，任何响应中都只出现打码后的号码。',
    auth: true,
    body: { schema: ProfileRequestSchema },
    ok: [{ status: 200, schema: ProfileResponseSchema, description: '已保存' }],
    errors: [...COMMON_AUTH_ERRORS, ...JSON_BODY_ERRORS, 'RATE_LIMITED'],
  },
  {
    method: 'get',
    path: '/api/me/profile',
    summary: '参保人信息',
    auth: true,
    ok: [{ status: 200, schema: ProfileResponseSchema, description: '参保人信息（身份证号已打码）' }],
    errors: [...COMMON_AUTH_ERRORS, 'NOT_FOUND'],
  },
  {
    method: 'put',
    path: '/api/me/history',
    summary: '保存本人申报的参保记录',
    description: '与政策用例 input 相同的形状（history、groups、backPaidYears）。缴费日期不能晚于今天（北京时间）。',
    auth: true,
    body: { schema: HistoryRequestSchema },
    ok: [{ status: 200, schema: HistoryResponseSchema, description: '合并后的参保记录' }],
    errors: [...COMMON_AUTH_ERRORS, ...JSON_BODY_ERRORS],
  },
  {
    method: 'get',
    path: '/api/me/history',
    summary: '合并后的参保记录',
    description: '每年一条，source 为 office（医保经办机构导入，优先）或 self（本人申报）。',
    auth: true,
    ok: [{ status: 200, schema: HistoryResponseSchema, description: '合并后的参保记录' }],
    errors: COMMON_AUTH_ERRORS,
  },
  {
    method: 'get',
    path: '/api/me/entitlement',
    summary: '某年度的待遇测算（权威结果）',
    description: '规则引擎对该年度的完整结果、逐条中文解释和“如果……”测算。',
    auth: true,
    query: EntitlementQuerySchema,
    ok: [{ status: 200, schema: EntitlementResponseSchema, description: '测算结果' }],
    errors: [...COMMON_AUTH_ERRORS, 'VALIDATION_FAILED', 'PROFILE_REQUIRED'],
  },
  {
    method: 'post',
    path: '/api/office/imports',
    summary: '导入参保记录（CSV）',
    description: `UTF-8（可带 BOM）CSV，第一行为表头。列：${IMPORT_COLUMNS.map((c) => `${c.zh}/${c.key}${c.required ? '（必填）' : ''}`).join('，')}。任何一行有错，整个文件都不导入，并返回逐行的中文错误。小文件在请求内完成（201），大文件排队分块处理（202），用返回的编号查询进度。`,
    auth: true,
    body: { csv: true },
    ok: [
      { status: 201, schema: ImportJobResponseSchema, description: '已全部导入' },
      { status: 202, schema: ImportJobResponseSchema, description: '已排队，分块处理中' },
    ],
    errors: [
      ...COMMON_AUTH_ERRORS,
      'FORBIDDEN',
      'BAD_REQUEST',
      'PAYLOAD_TOO_LARGE',
      'IMPORT_REJECTED',
      'IMPORT_ENCODING',
      'IMPORT_BUSY',
    ],
  },
  {
    method: 'get',
    path: '/api/office/imports',
    summary: '本地区的导入记录',
    auth: true,
    query: ImportListQuerySchema,
    ok: [{ status: 200, schema: ImportListResponseSchema, description: '最近的导入，新的在前' }],
    errors: [...COMMON_AUTH_ERRORS, 'FORBIDDEN', 'VALIDATION_FAILED'],
  },
  {
    method: 'get',
    path: '/api/office/imports/:id',
    summary: '导入进度',
    auth: true,
    params: ImportIdParamSchema,
    ok: [{ status: 200, schema: ImportJobResponseSchema, description: '导入任务' }],
    errors: [...COMMON_AUTH_ERRORS, 'FORBIDDEN', 'NOT_FOUND'],
  },
  {
    method: 'post',
    path: '/api/office/residents/lookup',
    summary: '按身份证号查询本地区参保人',
    description: '身份证号放在请求体中，不出现在网址里。其他地区的参保人一律返回 404。',
    auth: true,
    body: { schema: ResidentLookupRequestSchema },
    ok: [{ status: 200, schema: OfficeResidentResponseSchema, description: '参保人及合并后的参保记录' }],
    errors: [...COMMON_AUTH_ERRORS, ...JSON_BODY_ERRORS, 'FORBIDDEN', 'NOT_FOUND'],
  },
  {
    method: 'get',
    path: '/api/office/residents',
    summary: '本地区参保人列表',
    auth: true,
    query: ResidentListQuerySchema,
    ok: [{ status: 200, schema: ResidentListResponseSchema, description: '一页参保人（身份证号已打码）' }],
    errors: [...COMMON_AUTH_ERRORS, 'FORBIDDEN', 'VALIDATION_FAILED'],
  },
  {
    method: 'get',
    path: '/api/office/residents/:ref',
    summary: '本地区某位参保人',
    auth: true,
    params: v.object({ ref: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)) }),
    ok: [{ status: 200, schema: OfficeResidentResponseSchema, description: '参保人及合并后的参保记录' }],
    errors: [...COMMON_AUTH_ERRORS, 'FORBIDDEN', 'NOT_FOUND'],
  },
  {
    method: 'get',
    path: '/api/office/conflicts',
    summary: '重复参保冲突数',
    description:
      '本机构导入时因其他统筹地区已有同一人同一年度的记录而被拒绝的行数，以及其他机构试图覆盖本机构记录的行数。只有数量，不含对方的任何信息。',
    auth: true,
    ok: [{ status: 200, schema: ConflictCountsResponseSchema, description: '冲突数' }],
    errors: [...COMMON_AUTH_ERRORS, 'FORBIDDEN'],
  },
  {
    method: 'get',
    path: '/api/office/audit',
    summary: '本地区的查询记录（审计日志）',
    description:
      '本地区经办人员每一次查看参保人（按身份证号查询、浏览列表、查看详情、查看户口本页）的记录：谁、何时、查看了谁（打码）、通过什么功能。新的在前。',
    auth: true,
    query: AuditListQuerySchema,
    ok: [{ status: 200, schema: AuditListResponseSchema, description: '一页审计记录' }],
    errors: [...COMMON_AUTH_ERRORS, 'FORBIDDEN', 'VALIDATION_FAILED'],
  },
  {
    method: 'get',
    path: '/api/office/household-reviews',
    summary: '待审核的监护关系（户口本）',
    description:
      '本地区未满 16 周岁孩子的监护人绑定中，医保信息平台未能核实户籍关系、付款人已上传户口本页面的，等待经办机构确认或不予确认。每次查看都记入审计日志。',
    auth: true,
    ok: [{ status: 200, schema: HouseholdReviewListResponseSchema, description: '待审核列表' }],
    errors: [...COMMON_AUTH_ERRORS, 'FORBIDDEN'],
  },
  {
    method: 'get',
    path: '/api/office/household-reviews/:id/proof',
    summary: '付款人上传的户口本页面',
    description: '仅孩子所在地区的经办机构可以查看；每次查看都记入审计日志。',
    auth: true,
    params: HouseholdReviewIdParamSchema,
    ok: [{ status: 200, schema: v.string(), description: '图片', binary: ['image/jpeg', 'image/png'] }],
    errors: [...COMMON_AUTH_ERRORS, 'FORBIDDEN', 'NOT_FOUND'],
  },
  {
    method: 'post',
    path: '/api/office/household-reviews/:id',
    summary: '确认或不予确认监护关系',
    description: '确认后绑定生效，付款人可以为孩子代缴；不予确认须写明原因，付款人会看到，绑定结束。',
    auth: true,
    params: HouseholdReviewIdParamSchema,
    body: { schema: HouseholdDecisionSchema },
    ok: [
      {
        status: 200,
        schema: v.object({ bindingId: v.string(), status: v.picklist(['confirmed', 'refused']) }),
        description: '已审核',
      },
    ],
    errors: [...COMMON_AUTH_ERRORS, ...JSON_BODY_ERRORS, 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'FAMILY_REVIEW_CLOSED'],
  },
  {
    method: 'get',
    path: '/api/reminders',
    summary: '我的提醒订阅',
    description: '每种提醒的微信订阅模板、剩余可发送次数（每次“允许”一次）和开关。',
    auth: true,
    ok: [{ status: 200, schema: RemindersResponseSchema, description: '按模板分组的订阅情况' }],
    errors: COMMON_AUTH_ERRORS,
  },
  {
    method: 'post',
    path: '/api/reminders/consents',
    summary: '上报 requestSubscribeMessage 的结果',
    description: '每个模板的 accept/reject/ban/filter。一次 accept 增加一次可发送次数。',
    auth: true,
    body: { schema: ConsentRequestSchema },
    ok: [{ status: 200, schema: RemindersResponseSchema, description: '更新后的订阅情况' }],
    errors: [...COMMON_AUTH_ERRORS, ...JSON_BODY_ERRORS],
  },
  {
    method: 'put',
    path: '/api/reminders/subscriptions/:kind',
    summary: '打开或关闭一种提醒',
    auth: true,
    params: ReminderKindParamSchema,
    body: { schema: SubscriptionChangeSchema },
    ok: [{ status: 200, schema: RemindersResponseSchema, description: '更新后的订阅情况' }],
    errors: [...COMMON_AUTH_ERRORS, ...JSON_BODY_ERRORS, 'NOT_FOUND'],
  },
  {
    method: 'post',
    path: '/api/campaigns/preview',
    summary: '预览宣传通知（微信中显示的样子）',
    auth: true,
    body: { schema: CampaignRequestSchema },
    ok: [{ status: 200, schema: PreviewResponseSchema, description: '消息预览' }],
    errors: [...COMMON_AUTH_ERRORS, ...JSON_BODY_ERRORS, 'FORBIDDEN'],
  },
  {
    method: 'post',
    path: '/api/campaigns',
    summary: '向本地区居民发送宣传通知',
    description: '只发给订阅了宣传通知的居民；晚上 9 点到早上 8 点之间推迟到 8 点发送。用返回的编号查看计数。',
    auth: true,
    body: { schema: CampaignRequestSchema },
    ok: [{ status: 202, schema: CampaignResponseSchema, description: '已创建，正在分批发送' }],
    errors: [...COMMON_AUTH_ERRORS, ...JSON_BODY_ERRORS, 'FORBIDDEN'],
  },
  {
    method: 'get',
    path: '/api/campaigns',
    summary: '本地区的宣传通知',
    auth: true,
    query: CampaignListQuerySchema,
    ok: [{ status: 200, schema: CampaignListResponseSchema, description: '最近的通知及计数' }],
    errors: [...COMMON_AUTH_ERRORS, 'FORBIDDEN', 'VALIDATION_FAILED'],
  },
  {
    method: 'get',
    path: '/api/campaigns/:id',
    summary: '宣传通知的发送计数',
    auth: true,
    params: CampaignIdParamSchema,
    ok: [{ status: 200, schema: CampaignResponseSchema, description: '排队、已发送、失败、跳过（未订阅）、推迟' }],
    errors: [...COMMON_AUTH_ERRORS, 'FORBIDDEN', 'NOT_FOUND'],
  },
  {
    method: 'post',
    path: '/api/campaigns/:id/resume',
    summary: '继续发送中断的宣传通知',
    description: '查找发送对象中断（status 为 failed 且 resumable）的通知从中断处继续；已收到的居民不会重复收到。',
    auth: true,
    params: CampaignIdParamSchema,
    ok: [{ status: 202, schema: CampaignResponseSchema, description: '已继续，正在分批发送' }],
    errors: [...COMMON_AUTH_ERRORS, 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  },
  // Family mutual aid (家庭共济): binding relatives with consent and paying from the personal account.
  {
    method: 'get',
    path: '/api/family/members',
    summary: '我绑定的家人，以及为我缴费的家人',
    description: '每位家人的绑定状态、同意记录、本年度和下一年度是否已缴费、应缴金额（地区缴费标准）和缴费截止日。',
    auth: true,
    ok: [{ status: 200, schema: MembersResponseSchema, description: '家人列表' }],
    errors: COMMON_AUTH_ERRORS,
  },
  {
    method: 'post',
    path: '/api/family/invitations',
    summary: '邀请一位近亲属（或作为监护人绑定未满 16 周岁的子女、孙子女）',
    description: '关系按双方出生日期核对。16 周岁及以上的家人用返回的邀请码本人确认（7 天内有效，只能用一次）。',
    auth: true,
    body: { schema: InvitationRequestSchema },
    ok: [{ status: 201, schema: InvitationResponseSchema, description: '已邀请或已绑定' }],
    errors: [
      ...COMMON_AUTH_ERRORS,
      ...JSON_BODY_ERRORS,
      'PROFILE_REQUIRED',
      'FAMILY_NOT_PAYER',
      'FAMILY_UNVERIFIED',
      'CONFLICT',
      'RATE_LIMITED',
      'UPSTREAM_UNAVAILABLE',
    ],
  },
  {
    method: 'post',
    path: '/api/family/invitations/accept',
    summary: '家人用邀请码确认绑定',
    auth: true,
    body: { schema: AcceptRequestSchema },
    ok: [{ status: 200, schema: v.object({ payer: PayerSchema }), description: '已同意' }],
    errors: [
      ...COMMON_AUTH_ERRORS,
      ...JSON_BODY_ERRORS,
      'PROFILE_REQUIRED',
      'FAMILY_UNVERIFIED',
      'FAMILY_INVITE_INVALID',
      'RATE_LIMITED',
    ],
  },
  {
    method: 'delete',
    path: '/api/family/members/:id',
    summary: '解除绑定（缴费人或家人任一方）',
    description: '记录保留，状态变为已解除。',
    auth: true,
    params: MemberIdParamSchema,
    ok: [
      {
        status: 200,
        schema: v.object({ unbound: v.literal(true), by: v.picklist(['payer', 'relative']) }),
        description: '已解除',
      },
    ],
    errors: [...COMMON_AUTH_ERRORS, 'NOT_FOUND', 'CONFLICT'],
  },
  {
    method: 'post',
    path: '/api/family/members/:id/household-proof',
    summary: '上传户口本页面（监护人绑定未满 16 周岁的孩子）',
    description:
      '医保信息平台未能核实户籍关系时，上传显示您与孩子关系的户口本页面（JPG 或 PNG，1 MB 以内），由孩子参保地的经办机构审核。图片加密保存。',
    auth: true,
    params: MemberIdParamSchema,
    body: { image: true },
    ok: [{ status: 200, schema: GuardianReviewResponseSchema, description: '已上传，等待审核' }],
    errors: [...COMMON_AUTH_ERRORS, 'BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND', 'FAMILY_REVIEW_CLOSED'],
  },

  {
    method: 'get',
    path: '/api/family/account',
    summary: '职工医保个人账户余额与流水',
    auth: true,
    ok: [{ status: 200, schema: AccountResponseSchema, description: '余额等于流水之和' }],
    errors: [...COMMON_AUTH_ERRORS, 'PROFILE_REQUIRED', 'FAMILY_NOT_PAYER', 'UPSTREAM_UNAVAILABLE'],
  },
  {
    method: 'post',
    path: '/api/family/payments',
    summary: '用个人账户为家人缴费（需 Idempotency-Key 请求头）',
    description:
      '金额为家人参保地该年度的个人缴费标准，不由客户端提供。同一个 Idempotency-Key 只扣一次款，重复请求得到同样的回答；202 表示医保平台仍在确认，对账任务会完成它，绝不重复扣款。',
    auth: true,
    body: { schema: PaymentRequestSchema },
    ok: [
      { status: 200, schema: PaymentResponseSchema, description: '已完成（成功或失败并已退回）' },
      { status: 202, schema: PaymentResponseSchema, description: '医保平台确认中，款项已冻结' },
    ],
    errors: [
      ...COMMON_AUTH_ERRORS,
      ...JSON_BODY_ERRORS,
      'NOT_FOUND',
      'IDEMPOTENCY_KEY_REQUIRED',
      'IDEMPOTENCY_KEY_REUSED',
      'FAMILY_NOT_BOUND',
      'FAMILY_ALREADY_PAID',
      'FAMILY_NOT_ALLOWED',
      'FAMILY_STANDARD_UNKNOWN',
      'FAMILY_BALANCE_TOO_LOW',
      'FAMILY_NOT_PAYER',
      'UPSTREAM_UNAVAILABLE',
    ],
  },
  {
    method: 'get',
    path: '/api/family/payments',
    summary: '我发起的缴费，以及为我缴费的凭证',
    auth: true,
    ok: [{ status: 200, schema: PaymentsResponseSchema, description: '缴费记录' }],
    errors: COMMON_AUTH_ERRORS,
  },
  {
    method: 'get',
    path: '/api/figures',
    summary: '某省已公布的地区数据（离线测算用）',
    description: '原封顶线、每档额度、个人缴费标准、集中参保期等，每项附来源文件。带 ETag：数据未变时返回 304。',
    auth: true,
    query: FigureSetQuerySchema,
    ok: [{ status: 200, schema: FigureSetSchema, description: '该省的已公布数据及版本号' }],
    errors: [...COMMON_AUTH_ERRORS, 'VALIDATION_FAILED'],
  },
  {
    method: 'get',
    path: '/api/office/figures',
    summary: '本地区的地区数据、缺失项和待审核的提议',
    auth: true,
    ok: [{ status: 200, schema: OfficeFiguresResponseSchema, description: '按年度列出的数据、提议和操作记录' }],
    errors: [...COMMON_AUTH_ERRORS, 'FORBIDDEN'],
  },
  {
    method: 'post',
    path: '/api/office/figures/proposals',
    summary: '提议一项地区数据（需另一位经办人员审核后才生效）',
    description: '集中参保期已开始的年度，修改需填写原因。',
    auth: true,
    body: { schema: ProposalRequestSchema },
    ok: [{ status: 201, schema: OfficeProposalResponseSchema, description: '待审核的提议' }],
    errors: [...COMMON_AUTH_ERRORS, ...JSON_BODY_ERRORS, 'FORBIDDEN'],
  },
  {
    method: 'post',
    path: '/api/office/figures/proposals/:id/approve',
    summary: '审核通过（提议人本人不能审核）',
    auth: true,
    body: { schema: DecisionRequestSchema },
    ok: [{ status: 200, schema: OfficeProposalResponseSchema, description: '已生效' }],
    errors: [
      ...COMMON_AUTH_ERRORS,
      ...JSON_BODY_ERRORS,
      'FORBIDDEN',
      'NOT_FOUND',
      'FIGURE_SELF_APPROVAL',
      'FIGURE_NOT_PENDING',
    ],
  },
  {
    method: 'post',
    path: '/api/office/figures/proposals/:id/reject',
    summary: '退回提议（需填写原因）',
    auth: true,
    body: { schema: DecisionRequestSchema },
    ok: [{ status: 200, schema: OfficeProposalResponseSchema, description: '已退回' }],
    errors: [
      ...COMMON_AUTH_ERRORS,
      ...JSON_BODY_ERRORS,
      'FORBIDDEN',
      'NOT_FOUND',
      'FIGURE_SELF_APPROVAL',
      'FIGURE_NOT_PENDING',
    ],
  },
  {
    method: 'get',
    path: '/api/family/payments/:id',
    summary: '一笔缴费及其凭证（缴费人，或已绑定的受益家人）',
    auth: true,
    params: PaymentIdParamSchema,
    ok: [{ status: 200, schema: PaymentResponseSchema, description: '缴费与凭证' }],
    errors: [...COMMON_AUTH_ERRORS, 'NOT_FOUND'],
  },
]

const ErrorBodySchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: [...ERROR_CODES] },
        message: { type: 'string', description: '给居民看的中文说明' },
        issues: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'code', 'message'],
            properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
}

function operationObject(op: Operation): Record<string, unknown> {
  const responses: Record<string, unknown> = {}
  for (const ok of op.ok) {
    responses[String(ok.status)] = ok.binary
      ? {
          description: ok.description,
          content: Object.fromEntries(
            ok.binary.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
          ),
        }
      : { description: ok.description, content: { 'application/json': { schema: toJsonSchema(ok.schema as never) } } }
  }
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of new Set(op.errors)) {
    const status = ERROR_HTTP_STATUS[code]
    byStatus.set(status, [...(byStatus.get(status) ?? []), code])
  }
  for (const [status, codes] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    const rejection = codes.includes('IMPORT_REJECTED')
    responses[String(status)] = {
      description: codes.map((code) => `${code}：${ERROR_MESSAGES_ZH[code]}`).join('\n'),
      content: {
        'application/json': {
          schema: rejection
            ? { allOf: [ErrorBodySchema, toJsonSchema(ImportRejectionSchema as never)] }
            : { $ref: '#/components/schemas/Error' },
        },
      },
    }
  }
  const parameters = [
    ...(op.params ? toParameters(op.params as never, 'path') : []),
    ...(op.query ? toParameters(op.query as never, 'query') : []),
  ]
  let requestBody: unknown
  if (op.body && 'schema' in op.body) {
    requestBody = { required: true, content: { 'application/json': { schema: toJsonSchema(op.body.schema as never) } } }
  } else if (op.body && 'image' in op.body) {
    requestBody = {
      required: true,
      content: {
        'image/jpeg': { schema: { type: 'string', format: 'binary' } },
        'image/png': { schema: { type: 'string', format: 'binary' } },
        'multipart/form-data': {
          schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
        },
      },
    }
  } else if (op.body) {
    requestBody = {
      required: true,
      content: {
        'text/csv': { schema: { type: 'string' } },
        'multipart/form-data': {
          schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
        },
      },
    }
  }
  return {
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(op.auth ? { security: [{ bearer: [] }] } : { security: [] }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  }
}

export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const op of OPERATIONS) {
    const path = op.path.replace(/:(\w+)/g, '{$1}')
    paths[path] = { ...paths[path], [op.method]: operationObject(op) }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '参保助手 Canbao API',
      version,
      description:
        '所有错误的形状都是 { error: { code, message } }，message 是给居民看的中文说明。金额以“分”为单位（整数），日期为北京时间的 YYYY-MM-DD。',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'POST /api/auth/login 返回的 token',
        },
      },
      schemas: { Error: ErrorBodySchema },
    },
    paths,
  }
}
