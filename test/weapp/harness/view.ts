import vm from 'node:vm'
import type { CompiledWxml } from './compiler'

/** An element of WeChat's view tree as `$gwx` builds it: `wx-view`, `wx-text`…, attributes camel-cased. */
export interface WxElement {
  tag: string
  attr: Record<string, unknown>
  children: WxNode[]
}

/** Text comes out of `$gwx` as bare strings between elements. */
export type WxNode = WxElement | string

export interface WxmlRender {
  root: WxElement
  /** What the generated code warned about while rendering (`Template \`tmpl_0_99\` not found.`…). */
  warnings: string[]
}

/**
 * The view layer of a page: the render functions wcc generated for the build, run on the page's data as
 * WeChat's webview runs them. Lives in its own `node:vm` context (on a phone the view is a separate JS
 * engine from the logic layer), and receives data as JSON, which is all setData can carry across.
 */
export class WxmlView {
  private readonly context: vm.Context
  private readonly warnings: string[] = []
  private readonly generators = new Map<string, unknown>()

  constructor(compiled: CompiledWxml) {
    const note = (...parts: unknown[]) =>
      this.warnings.push(parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' '))
    this.context = vm.createContext({
      window: {},
      console: { warn: note, log: note, error: note, info() {}, debug() {} },
    })
    vm.runInContext(compiled.source, this.context, { filename: 'wcc-$gwx.js' })
  }

  has(file: string): boolean {
    return typeof this.generator(file) === 'function'
  }

  /** Renders `file` (`pages/index/index.wxml`) with `data`; throws when wcc produced nothing for that file. */
  render(file: string, data: unknown): WxmlRender {
    const generate = this.generator(file)
    if (typeof generate !== 'function') throw new Error(`wcc compiled no template for ${file}`)
    const start = this.warnings.length
    const root = this.call(generate, data)
    this.expandCustomComponents(root)
    return { root, warnings: this.warnings.splice(start).map((w) => w.replace(/^WXMLRT_\$gwx:/, '')) }
  }

  /** `$gwx(file)` re-runs the whole generated module each call: one generator per file is enough. */
  private generator(file: string): unknown {
    if (!this.generators.has(file)) this.generators.set(file, (this.context.$gwx as (path: string) => unknown)(file))
    return this.generators.get(file)
  }

  private call(generate: unknown, data: unknown): WxElement {
    this.context.__data = JSON.stringify(data ?? {})
    const root = vm.runInContext(
      '__generate(JSON.parse(__data), {}, {})',
      Object.assign(this.context, { __generate: generate }),
    ) as WxElement
    return normalise(root) as WxElement
  }

  /**
   * Past Taro's template depth (and for custom wrappers) a node is handed to the `comp` custom component,
   * whose own tree the page's render function does not contain: render it from comp.wxml, as WeChat would.
   */
  private expandCustomComponents(node: WxElement) {
    for (const child of node.children) {
      if (typeof child === 'string') continue
      if (child.tag === 'wx-comp' && child.children.length === 0 && child.attr.i && this.has('comp.wxml')) {
        const inner = this.call(this.generator('comp.wxml'), { i: child.attr.i, l: child.attr.l ?? '' })
        child.children = inner.children
      }
      this.expandCustomComponents(child)
    }
  }
}

/** Plain host objects: tag, attributes and children only (the generated code also leaves `raw`, `generics`). */
function normalise(node: unknown): WxNode {
  if (typeof node !== 'object' || node === null) return String(node ?? '')
  const n = node as { tag?: string; attr?: Record<string, unknown>; children?: unknown[] }
  const attr: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(n.attr ?? {})) {
    attr[name] = value !== null && typeof value === 'object' ? JSON.parse(JSON.stringify(value)) : value
  }
  return { tag: String(n.tag ?? ''), attr, children: (n.children ?? []).map(normalise) }
}

export function* wxElements(node: WxElement): Generator<WxElement> {
  yield node
  for (const child of node.children) if (typeof child !== 'string') yield* wxElements(child)
}

export function wxText(node: WxNode): string {
  return typeof node === 'string' ? node : node.children.map(wxText).join('')
}

export function countElements(node: WxElement): number {
  let n = 0
  for (const _ of wxElements(node)) n++
  return n
}
