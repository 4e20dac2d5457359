import { describeRoute, resolver, type ContentWithResolver, type DescribeRouteOptions } from 'hono-openapi'
import type * as v from 'valibot'
import type { ErrorCode } from '@canbao/shared'

type Json = { schema: v.GenericSchema; description: string }
type Binary = { binary: readonly string[]; description: string }

/** One route's entry in the API description, written next to the route itself. */
export interface RouteDoc {
  summary: string
  description?: string
  /** login and health: callable without a token (every other route sits behind requireUser) */
  public?: true
  ok: Partial<Record<200 | 201 | 202, Json | Binary>>
  /**
   * The codes of shared/errors.ts this handler itself throws. Those of its middleware (sign-in, office role,
   * body size) and of its validators are added from the route by the document builder (openapi/spec.ts).
   */
  errors?: readonly ErrorCode[]
  /** a body that is not JSON: an office's CSV file, or a photo of a household register page */
  upload?: 'csv' | 'image'
  /** request headers the handler reads */
  headers?: readonly { name: string; description: string; required: boolean }[]
}

const FILE_FIELD: ContentWithResolver[string] = {
  schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
}
const BINARY: ContentWithResolver[string] = { schema: { type: 'string', format: 'binary' } }

const UPLOADS: Record<NonNullable<RouteDoc['upload']>, ContentWithResolver> = {
  csv: { 'text/csv': { schema: { type: 'string' } }, 'multipart/form-data': FILE_FIELD },
  image: { 'image/jpeg': BINARY, 'image/png': BINARY, 'multipart/form-data': FILE_FIELD },
}

/** Response bodies are described as the handler produces them (valibot's output types). */
const OUTPUT = { options: { typeMode: 'output' } } as const

/** The describeRoute middleware of a route: hono-openapi reads it when it builds the document. */
export function describe(doc: RouteDoc) {
  const responses: NonNullable<DescribeRouteOptions['responses']> = {}
  for (const [status, ok] of Object.entries(doc.ok)) {
    responses[status] =
      'binary' in ok
        ? { description: ok.description, content: Object.fromEntries(ok.binary.map((type) => [type, BINARY])) }
        : {
            description: ok.description,
            content: { 'application/json': { schema: resolver(ok.schema, OUTPUT as never) } },
          }
  }
  const spec: DescribeRouteOptions & { 'x-errors': readonly ErrorCode[] } = {
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    ...(doc.public ? { security: [] } : {}),
    ...(doc.upload ? { requestBody: { required: true, content: UPLOADS[doc.upload] } } : {}),
    ...(doc.headers
      ? {
          parameters: doc.headers.map((h) => ({
            in: 'header',
            name: h.name,
            required: h.required,
            description: h.description,
            schema: { type: 'string' },
          })),
        }
      : {}),
    responses,
    'x-errors': doc.errors ?? [],
  }
  return describeRoute(spec)
}
