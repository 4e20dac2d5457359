import type { Hono } from 'hono'
import { generateSpecs } from 'hono-openapi'
import { toJsonSchema } from '@valibot/to-json-schema'
import type * as v from 'valibot'
import { ERROR_HTTP_STATUS, ERROR_MESSAGES_ZH, type ErrorCode } from '@canbao/shared'
import { ApiErrorBodySchema } from '@canbao/shared/api/common'
import { ImportRejectionSchema } from '@canbao/shared/api/office'

type Json = Record<string, unknown>
type Operation = Json & {
  parameters?: { in: string; name: string }[]
  requestBody?: { content?: Json }
  responses?: Json
  security?: Json[]
  'x-errors'?: ErrorCode[]
}
type Paths = Record<string, Record<string, Operation>>

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const

const schemaOf = (schema: v.GenericSchema): Json => {
  const { $schema: _, ...rest } = toJsonSchema(schema, { errorMode: 'ignore', typeMode: 'output' }) as Json
  return rest
}

/** Bodies that carry more than the error: a rejected import lists its lines next to `error`. */
const ERROR_EXTRAS: Partial<Record<ErrorCode, v.GenericSchema>> = { IMPORT_REJECTED: ImportRejectionSchema }

/**
 * The codes every operation can answer with beyond its own: what our validators answer (lib/validate.ts: a JSON
 * body that is not JSON or breaks its schema, a query that breaks its schema, a path naming nothing) and an
 * unexpected failure.
 */
function impliedCodes(op: Operation): ErrorCode[] {
  const codes: ErrorCode[] = ['INTERNAL']
  if (op.requestBody?.content?.['application/json']) codes.push('BAD_REQUEST', 'VALIDATION_FAILED')
  if (op.parameters?.some((p) => p.in === 'query')) codes.push('VALIDATION_FAILED')
  if (op.parameters?.some((p) => p.in === 'path')) codes.push('NOT_FOUND')
  return codes
}

/** The error responses of one operation: one per status, naming each code with the message a resident reads. */
function errorResponses(codes: Iterable<ErrorCode>): Json {
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of new Set(codes)) {
    const status = ERROR_HTTP_STATUS[code]
    byStatus.set(status, [...(byStatus.get(status) ?? []), code])
  }
  const responses: Json = {}
  for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    const extras = list.flatMap((code) => {
      const extra = ERROR_EXTRAS[code]
      return extra ? [schemaOf(extra)] : []
    })
    const ref = { $ref: '#/components/schemas/Error' }
    responses[String(status)] = {
      description: list.map((code) => `${code}：${ERROR_MESSAGES_ZH[code]}`).join('\n'),
      'x-error-codes': list,
      content: { 'application/json': { schema: extras.length > 0 ? { allOf: [ref, ...extras] } : ref } },
    }
  }
  return responses
}

/**
 * Turns hono-openapi's document into ours: Hono's `/` sub-app roots without their trailing slash, every
 * operation's security said outright (`[]` for the public ones), and its error responses written from the codes
 * its middleware and handler declared (`x-errors`) plus those its validators imply.
 */
function finish(generated: Paths): Paths {
  const paths: Paths = {}
  for (const [rawPath, item] of Object.entries(generated)) {
    const path = rawPath.length > 1 ? rawPath.replace(/\/$/, '') : rawPath
    for (const method of METHODS) {
      const op = item[method]
      if (!op) continue
      const { 'x-errors': declared = [], security = [], responses = {}, ...rest } = op
      const bearer = security.length > 0
      paths[path] = {
        ...paths[path],
        [method]: {
          ...rest,
          security: bearer ? [{ bearer: [] }] : [],
          responses: { ...responses, ...errorResponses([...declared, ...impliedCodes(op)]) },
        },
      }
    }
  }
  return paths
}

const documents = new Map<string, Promise<Json>>()

/**
 * The OpenAPI 3.1 document of an app, generated from its routes (describeRoute, the validators' shared valibot
 * schemas, the documented middleware). Built once per app version: the routes do not change while it runs.
 */
export function openApiDocument(app: Hono<never, never, never>, version: string): Promise<Json> {
  let document = documents.get(version)
  if (!document) {
    document = build(app, version)
    documents.set(version, document)
  }
  return document
}

async function build(app: Hono<never, never, never>, version: string): Promise<Json> {
  const generated = await generateSpecs(app as unknown as Hono, {
    documentation: {
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
        schemas: { Error: schemaOf(ApiErrorBodySchema) as never },
      },
    },
    // /api/openapi.json is a route, not a static file.
    excludeStaticFile: false,
    // Our validators answer with the one error shape; finish() writes those responses.
    defaultValidationErrorResponse: false,
  })
  return { ...generated, paths: finish(generated.paths as unknown as Paths) }
}
