/**
 * Every error the API returns has the shape `{ error: { code, message } }`.
 * Codes are stable identifiers the client can branch on; messages are the Chinese
 * text a resident reads, so they say what went wrong and what to do next.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'DB_UNAVAILABLE',
  'INTERNAL',
  'PAYLOAD_TOO_LARGE',
  'WECHAT_CODE_INVALID',
  'WECHAT_USER_BLOCKED',
  'WECHAT_BUSY',
  'PROFILE_REQUIRED',
  'ID_ALREADY_BOUND',
  'IMPORT_REJECTED',
  'IMPORT_ENCODING',
  'IMPORT_BUSY',
  'FAMILY_NOT_PAYER',
  'FAMILY_NOT_BOUND',
  'FAMILY_ALREADY_PAID',
  'FAMILY_NOT_ALLOWED',
  'FAMILY_STANDARD_UNKNOWN',
  'FAMILY_BALANCE_TOO_LOW',
  'FAMILY_INVITE_INVALID',
  'IDEMPOTENCY_KEY_REQUIRED',
  'IDEMPOTENCY_KEY_REUSED',
  // identity and sessions (issue 13): real-name verification, consent, account deletion
  'VERIFY_CANCELLED',
  'VERIFY_FAILED',
  'VERIFY_UNSUPPORTED',
  'VERIFY_EXPIRED',
  'VERIFY_PROFILE_CHANGED',
  'CONSENT_REQUIRED',
  'CONFIG_INVALID',
  // consent and office scope (issue 13, branch scope)
  'FAMILY_UNVERIFIED',
  'FAMILY_REVIEW_CLOSED',
  // region figure registry (issue 16)
  'FIGURE_SELF_APPROVAL',
  'FIGURE_NOT_PENDING',
  // looks (issue 15): the family tab's own messages
  'FAMILY_INVITE_OWN',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export const ERROR_MESSAGES_ZH: Record<ErrorCode, string> = {
  BAD_REQUEST: '请求格式不正确，请检查后重试。',
  VALIDATION_FAILED: '填写的信息有误，请按提示修改。',
  UNAUTHENTICATED: '登录已失效，请重新登录。',
  FORBIDDEN: '您没有权限进行此操作。',
  NOT_FOUND: '没有找到您要的内容。',
  CONFLICT: '该操作与已有记录冲突，请刷新后再试。',
  RATE_LIMITED: '操作太频繁，请稍后再试。',
  UPSTREAM_UNAVAILABLE: '外部服务暂时无法连接，请稍后再试。',
  DB_UNAVAILABLE: '数据服务暂时不可用，请稍后再试。',
  INTERNAL: '系统出了点问题，请稍后再试。',
  PAYLOAD_TOO_LARGE: '提交的内容太大，请拆分后分批提交。',
  WECHAT_CODE_INVALID: '微信登录凭证无效或已过期，请重新打开小程序后再登录。',
  WECHAT_USER_BLOCKED: '微信提示该账号存在安全风险，暂时无法登录。请在微信中完成安全验证后再试。',
  WECHAT_BUSY: '微信服务暂时繁忙，请稍后再试。',
  PROFILE_REQUIRED: '请先填写参保人信息（姓名和身份证号）后再查询。',
  ID_ALREADY_BOUND: '该身份证号已绑定其他微信账号。如不是您本人操作，请携带身份证到当地医保经办机构核实。',
  IMPORT_REJECTED: '文件中有错误，整个文件都没有导入。请按提示逐行修改后重新上传。',
  IMPORT_ENCODING: '文件不是 UTF-8 编码（可能是 GBK）。请在 Excel 中选择“另存为 → CSV UTF-8（逗号分隔）”后重新上传。',
  IMPORT_BUSY: '本地区还有一个导入正在处理，请等它完成后再上传。',
  FAMILY_NOT_PAYER: '家庭共济需要由参加职工医保、有个人账户的本人发起。没有查到您的职工医保个人账户。',
  FAMILY_NOT_BOUND: '这位亲属还没有确认绑定，或已经解除绑定，不能代缴。',
  FAMILY_ALREADY_PAID: '这位亲属该年度的费用已经缴过（或正在缴费），不需要再缴。',
  FAMILY_NOT_ALLOWED: '该项目或年度不在当地允许家庭共济代缴的范围内。',
  FAMILY_STANDARD_UNKNOWN: '当地该年度的个人缴费标准尚未公布，暂时不能代缴。',
  FAMILY_BALANCE_TOO_LOW: '个人账户余额不足，不能代缴这笔费用。',
  FAMILY_INVITE_INVALID: '邀请码无效、已使用或已过期（有效期 7 天），请让家人重新邀请。',
  IDEMPOTENCY_KEY_REQUIRED: '缺少请求编号（Idempotency-Key），请刷新页面后重试。',
  IDEMPOTENCY_KEY_REUSED: '这个请求编号已用于另一笔缴费，请刷新页面后重新发起。',
  VERIFY_CANCELLED: '人脸核身没有完成（已取消）。需要时可以随时重新认证。',
  VERIFY_FAILED: '人脸核身没有通过。请确认姓名和身份证号是您本人的，在光线充足处正对手机重试。',
  VERIFY_UNSUPPORTED: '当前设备或环境无法进行人脸核身，请在手机微信里打开小程序完成实名认证。',
  VERIFY_EXPIRED: '这次人脸核身已过期或已使用，请重新开始实名认证。',
  VERIFY_PROFILE_CHANGED: '开始认证后参保人信息被修改过，请按现在的信息重新认证。',
  CONSENT_REQUIRED: '请先阅读并同意《敏感个人信息处理规则》，我们才能保存身份证号等信息。',
  CONFIG_INVALID: '服务配置有误，暂时无法提供服务，请稍后再试。',
  // consent and office scope (issue 13, branch scope)
  FAMILY_UNVERIFIED: '这一步需要先在“我的”里完成人脸核身，确认是您本人。',
  FAMILY_REVIEW_CLOSED: '这项户籍关系核实已经办结（已确认、不予确认或已撤回），不能再修改。',
  FIGURE_SELF_APPROVAL: '不能审核自己提出的数据，请由本地区另一位经办人员审核。',
  FIGURE_NOT_PENDING: '这条提议已经处理过，或已被更新的提议取代，请刷新后查看。',
  // looks (issue 15)
  FAMILY_INVITE_OWN:
    '这是您自己发出的邀请码。请把它告诉被邀请的家人，由家人用自己的微信登录后在“接受家人的邀请”里填写。',
}

export const ERROR_HTTP_STATUS: Record<
  ErrorCode,
  400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503
> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UPSTREAM_UNAVAILABLE: 502,
  DB_UNAVAILABLE: 503,
  INTERNAL: 500,
  PAYLOAD_TOO_LARGE: 413,
  WECHAT_CODE_INVALID: 401,
  WECHAT_USER_BLOCKED: 403,
  WECHAT_BUSY: 503,
  PROFILE_REQUIRED: 409,
  ID_ALREADY_BOUND: 409,
  IMPORT_REJECTED: 422,
  IMPORT_ENCODING: 415,
  IMPORT_BUSY: 409,
  FAMILY_NOT_PAYER: 409,
  FAMILY_NOT_BOUND: 409,
  FAMILY_ALREADY_PAID: 409,
  FAMILY_NOT_ALLOWED: 422,
  FAMILY_STANDARD_UNKNOWN: 409,
  FAMILY_BALANCE_TOO_LOW: 409,
  FAMILY_INVITE_INVALID: 404,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  IDEMPOTENCY_KEY_REUSED: 422,
  VERIFY_CANCELLED: 422,
  VERIFY_FAILED: 422,
  VERIFY_UNSUPPORTED: 422,
  VERIFY_EXPIRED: 409,
  VERIFY_PROFILE_CHANGED: 409,
  CONSENT_REQUIRED: 422,
  CONFIG_INVALID: 503,
  // consent and office scope (issue 13, branch scope)
  FAMILY_UNVERIFIED: 403,
  FAMILY_REVIEW_CLOSED: 409,
  FIGURE_SELF_APPROVAL: 403,
  FIGURE_NOT_PENDING: 409,
  // looks (issue 15)
  FAMILY_INVITE_OWN: 409,
}

export interface ApiErrorBody {
  error: {
    code: ErrorCode
    message: string
    /** Field-level problems for VALIDATION_FAILED, each with its own Chinese message. */
    issues?: { path: string; code: string; message: string }[]
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}

export function apiError(code: ErrorCode, message: string = ERROR_MESSAGES_ZH[code]): ApiErrorBody {
  return { error: { code, message } }
}

/** Reads an error body defensively: anything that is not our shape becomes INTERNAL. */
export function parseApiError(body: unknown): ApiErrorBody['error'] | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null
  const inner = (body as { error: unknown }).error
  if (typeof inner !== 'object' || inner === null) return null
  const { code, message, issues } = inner as { code?: unknown; message?: unknown; issues?: unknown }
  if (!isErrorCode(code)) return null
  const parsed: ApiErrorBody['error'] = {
    code,
    message: typeof message === 'string' && message ? message : ERROR_MESSAGES_ZH[code],
  }
  if (Array.isArray(issues)) {
    parsed.issues = issues
      .filter((i): i is { path: unknown; code: unknown; message: unknown } => typeof i === 'object' && i !== null)
      .filter((i) => typeof i.message === 'string')
      .map((i) => ({ path: String(i.path ?? ''), code: String(i.code ?? ''), message: i.message as string }))
  }
  return parsed
}
