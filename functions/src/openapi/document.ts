import * as v from 'valibot'
import { ERROR_CODES, ERROR_HTTP_STATUS, ERROR_MESSAGES_ZH, type ErrorCode } from '@canbao/shared'
import { HealthResponseSchema } from '@canbao/shared/api/health'
import { LoginRequestSchema, LoginResponseSchema, UserViewSchema } from '@canbao/shared/api/auth'
import { ProfileRequestSchema, ProfileResponseSchema } from '@canbao/shared/api/profile'
import { HistoryRequestSchema, HistoryResponseSchema } from '@canbao/shared/api/history'
import { EntitlementQuerySchema, EntitlementResponseSchema } from '@canbao/shared/api/entitlement'
import { IMPORT_COLUMNS } from '@canbao/shared/api/import-csv'
import {
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
import { toJsonSchema, toParameters } from './json-schema'

type Schema = v.GenericSchema

export interface Operation {
  method: 'get' | 'post' | 'put'
  /** Hono path syntax (`:id`); converted to OpenAPI's `{id}` */
  path: string
  summary: string
  description?: string
  auth: boolean
  body?: { schema: Schema } | { csv: true }
  query?: Schema
  params?: Schema
  ok: { status: 200 | 201 | 202; schema: Schema; description: string }[]
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
    auth: false,
    ok: [{ status: 200, schema: v.record(v.string(), v.unknown()), description: 'OpenAPI 3.1 文档' }],
    errors: [],
  },
  {
    method: 'post',
    path: '/api/auth/login',
    summary: '微信登录',
    description: '用 wx.login 得到的 code 换取会话令牌。本地开发时 code 可写成 dev:<名字>。session_key 不会离开服务端。',
    auth: false,
    body: { schema: LoginRequestSchema },
    ok: [{ status: 200, schema: LoginResponseSchema, description: '登录成功' }],
    errors: [...JSON_BODY_ERRORS, 'WECHAT_CODE_INVALID', 'WECHAT_USER_BLOCKED', 'WECHAT_BUSY', 'RATE_LIMITED', 'UPSTREAM_UNAVAILABLE', 'INTERNAL'],
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
    method: 'put',
    path: '/api/me/profile',
    summary: '填写或修改参保人信息',
    description: '身份证号按 GB 11643 校验（校验码、出生日期、行政区划），加密保存，任何响应中都只出现打码后的号码。',
    auth: true,
    body: { schema: ProfileRequestSchema },
    ok: [{ status: 200, schema: ProfileResponseSchema, description: '已保存' }],
    errors: [...COMMON_AUTH_ERRORS, ...JSON_BODY_ERRORS, 'ID_ALREADY_BOUND', 'RATE_LIMITED'],
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
    errors: [...COMMON_AUTH_ERRORS, 'FORBIDDEN', 'BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'IMPORT_REJECTED', 'IMPORT_ENCODING', 'IMPORT_BUSY'],
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
    responses[String(ok.status)] = { description: ok.description, content: { 'application/json': { schema: toJsonSchema(ok.schema as never) } } }
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
          schema: rejection ? { allOf: [ErrorBodySchema, toJsonSchema(ImportRejectionSchema as never)] } : { $ref: '#/components/schemas/Error' },
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
  } else if (op.body) {
    requestBody = {
      required: true,
      content: {
        'text/csv': { schema: { type: 'string' } },
        'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } },
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
      description: '所有错误的形状都是 { error: { code, message } }，message 是给居民看的中文说明。金额以“分”为单位（整数），日期为北京时间的 YYYY-MM-DD。',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'POST /api/auth/login 返回的 token' } },
      schemas: { Error: ErrorBodySchema },
    },
    paths,
  }
}
