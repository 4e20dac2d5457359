/**
 * valibot schemas → JSON Schema (2020-12, as OpenAPI 3.1 uses), for the subset of valibot the API's shared
 * schemas use. Checks that JSON Schema cannot state (custom `check`s, cross-field rules) become part of the
 * field's description through the schema's messages instead of being dropped silently.
 */

type Json = Record<string, unknown>

interface Node {
  kind?: string
  type?: string
  entries?: Record<string, Node>
  wrapped?: Node
  item?: Node
  options?: unknown[]
  key?: Node
  value?: Node
  literal?: unknown
  pipe?: Node[]
  requirement?: unknown
  message?: unknown
}

const OPTIONAL = new Set(['optional', 'exact_optional', 'undefinedable', 'nullish'])

export function isOptional(node: Node): boolean {
  return node.type !== undefined && OPTIONAL.has(node.type)
}

function applyActions(out: Json, actions: Node[]): Json {
  const notes: string[] = []
  for (const action of actions) {
    const r = action.requirement
    switch (action.type) {
      case 'min_length':
        out[out.type === 'array' ? 'minItems' : 'minLength'] = r
        break
      case 'max_length':
        out[out.type === 'array' ? 'maxItems' : 'maxLength'] = r
        break
      case 'min_value':
        out.minimum = r
        break
      case 'max_value':
        out.maximum = r
        break
      case 'integer':
        out.type = 'integer'
        break
      case 'regex':
        if (r instanceof RegExp) out.pattern = r.source
        break
      case 'check':
      case 'partial_check':
        if (typeof action.message === 'string') notes.push(action.message)
        break
      default:
        break
    }
  }
  if (notes.length > 0) out.description = [out.description, ...notes].filter(Boolean).join('；')
  return out
}

export function toJsonSchema(node: Node): Json {
  if (node.pipe && node.pipe.length > 0) {
    const [base, ...actions] = node.pipe as [Node, ...Node[]]
    // A transform means the field arrives as text (query strings) and is converted after these checks.
    const beforeTransform = actions.findIndex((a) => a.kind === 'transformation' && a.type === 'transform')
    const checks = beforeTransform === -1 ? actions : actions.slice(0, beforeTransform)
    // pipe[0] is the schema that was piped (itself possibly a pipe): convert it whole, then add these checks.
    return applyActions(
      toJsonSchema(base),
      checks.filter((a) => a.kind !== 'schema'),
    )
  }
  switch (node.type) {
    case 'string':
      return { type: 'string' }
    case 'number':
      return { type: 'number' }
    case 'boolean':
      return { type: 'boolean' }
    case 'null':
      return { type: 'null' }
    case 'unknown':
    case 'any':
      return {}
    case 'literal':
      return { const: node.literal }
    case 'picklist':
      return { type: 'string', enum: node.options }
    case 'union':
      return { anyOf: (node.options as Node[]).map(toJsonSchema) }
    case 'array':
      return { type: 'array', items: toJsonSchema(node.item as Node) }
    case 'record':
      return { type: 'object', additionalProperties: toJsonSchema(node.value as Node) }
    case 'nullable':
      return { anyOf: [toJsonSchema(node.wrapped as Node), { type: 'null' }] }
    case 'optional':
    case 'exact_optional':
    case 'undefinedable':
      return toJsonSchema(node.wrapped as Node)
    case 'nullish':
      return { anyOf: [toJsonSchema(node.wrapped as Node), { type: 'null' }] }
    case 'object':
    case 'strict_object':
    case 'loose_object': {
      const entries = node.entries ?? {}
      const properties: Json = {}
      const required: string[] = []
      for (const [key, child] of Object.entries(entries)) {
        properties[key] = toJsonSchema(child)
        if (!isOptional(child)) required.push(key)
      }
      return {
        type: 'object',
        properties,
        ...(required.length > 0 ? { required } : {}),
        ...(node.type === 'strict_object' ? { additionalProperties: false } : {}),
      }
    }
    default:
      return {}
  }
}

/** Query and path parameters: one OpenAPI parameter per object entry. */
export function toParameters(node: Node, where: 'query' | 'path'): Json[] {
  const object = node.pipe ? (node.pipe[0] as Node) : node
  return Object.entries(object.entries ?? {}).map(([name, child]) => ({
    name,
    in: where,
    required: where === 'path' || !isOptional(child),
    schema: toJsonSchema(child),
  }))
}
