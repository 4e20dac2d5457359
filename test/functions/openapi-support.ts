import { app } from '../../functions/src/app'
import { openApiDocument } from '../../functions/src/openapi/spec'

/** One operation of the generated document, with its path in Hono's syntax (`:id`) as the tests call it. */
export interface DocumentedOperation {
  method: 'get' | 'post' | 'put' | 'delete'
  path: string
  /** needs a signed-in caller (its security names the bearer token) */
  auth: boolean
  spec: any
}

/** The document the Worker serves at /api/openapi.json, generated from the app's routes. */
export const generatedDocument = (): Promise<any> => openApiDocument(app as never, 'test')

export async function documentedOperations(): Promise<DocumentedOperation[]> {
  const doc = await generatedDocument()
  return Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, spec]) => ({
      method: method as DocumentedOperation['method'],
      path: path.replace(/\{(\w+)\}/g, ':$1'),
      auth: spec.security.length > 0,
      spec,
    })),
  )
}

/** The error codes an operation documents for an HTTP status (none: the status is not documented). */
export const documentedCodes = (op: DocumentedOperation, status: number): string[] =>
  op.spec.responses[String(status)]?.['x-error-codes'] ?? []
