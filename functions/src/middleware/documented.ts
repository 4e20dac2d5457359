import type { MiddlewareHandler } from 'hono'
import { uniqueSymbol } from 'hono-openapi'
import type { ErrorCode } from '@canbao/shared'

/**
 * What a middleware adds to the description of every operation it guards. hono-openapi merges it into each
 * route the middleware runs on (a `.use()` covers every route under its path); `x-errors` lists the codes it
 * can answer with, which the document builder turns into error responses (openapi/spec.ts).
 */
export interface MiddlewareDoc {
  security?: { bearer: [] }[]
  'x-errors': ErrorCode[]
}

export function documented<M extends MiddlewareHandler>(middleware: M, doc: MiddlewareDoc): M {
  return Object.assign(middleware, { [uniqueSymbol]: { spec: doc } })
}
