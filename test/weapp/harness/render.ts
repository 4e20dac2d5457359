import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { WxElement } from './view'

/**
 * What one of Taro's base.wxml templates turns a data node into: the WeChat component, which events it binds
 * to the page's `eh` handler, and which attribute reads which short data key (`disabled="{{i.p2}}"`).
 * Read from the build itself, because Taro renames keys per build and only emits templates for the
 * components in use.
 */
export interface TemplateInfo {
  nn: string
  tag: string
  /** Event name → true when bound with `catch` (stops bubbling), false for `bind`. */
  events: Map<string, boolean>
  attrs: Map<string, string>
}

export type Templates = Map<string, TemplateInfo>

export function readTemplates(distDir: string): Templates {
  const wxml = readFileSync(path.join(distDir, 'base.wxml'), 'utf8')
  const templates: Templates = new Map()
  // Depth 0 holds every component (and the `_focus`/`_blur` variants of inputs); deeper levels repeat it.
  const re = /<template name="tmpl_0_(\w+)">\s*([\s\S]*?)<\/template>/g
  for (const match of wxml.matchAll(re)) {
    const nn = match[1] as string
    const body = match[2] as string
    const open = /^<([\w-]+)([^>]*)>/.exec(body)
    const tag = open?.[1] ?? 'block'
    const attrText = open?.[2] ?? ''
    const events = new Map<string, boolean>()
    for (const ev of attrText.matchAll(/\b(bind|catch):?([a-z]+)="eh"/g)) events.set(ev[2] as string, ev[1] === 'catch')
    const attrs = new Map<string, string>()
    for (const attr of attrText.matchAll(/\s([\w-]+)="\{\{[^"]*?\bi\.(p\d+)\b[^"]*\}\}"/g))
      attrs.set(attr[1] as string, attr[2] as string)
    templates.set(nn, { nn, tag, events, attrs })
  }
  return templates
}

/** Input-like components go through a dispatcher template that picks a `focus` or `blur` variant. */
function templateFor(templates: Templates, nn: string, raw: Record<string, unknown>): TemplateInfo | undefined {
  const info = templates.get(nn)
  if (info?.tag !== 'template') return info
  return templates.get(`${nn}_${raw.focus !== undefined ? 'focus' : 'blur'}`) ?? info
}

/** The page's data after WeChat applied every setData: a JSON tree as the view layer receives it. */
export type DataTree = Record<string, unknown>

/** Splits a setData key such as `root.cn.[0].cn[1].v` into `['root','cn',0,'cn',1,'v']`. */
export function parseDataPath(key: string): (string | number)[] {
  const parts: (string | number)[] = []
  for (const segment of key.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(segment)
    if (!m) throw new Error(`setData key "${key}" is not a WeChat data path`)
    if (m[1]) parts.push(m[1])
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) parts.push(Number(idx[1]))
  }
  return parts
}

export function applyDataPath(target: DataTree, key: string, value: unknown) {
  const parts = parseDataPath(key)
  let node: Record<string | number, unknown> = target
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string | number
    const nextIsIndex = typeof parts[i + 1] === 'number'
    let child = node[part]
    if (child === null || typeof child !== 'object') {
      child = nextIsIndex ? [] : {}
      node[part] = child
    }
    node = child as Record<string | number, unknown>
  }
  node[parts[parts.length - 1] as string | number] = value
}

/** A rendered node as a user (and a test) sees it. */
export interface RenderedNode {
  /** Taro's node id, what `eh` looks up. */
  sid: string
  /** The element's `id` attribute in the view: the id the page set, else the sid. */
  id: string
  /** The WeChat component (`view`, `text`, `button`…), `#text` for text. */
  tag: string
  className: string
  /** Attribute values the template passes on (`disabled`, `placeholder`, `value`…). */
  attrs: Record<string, unknown>
  /** Own text for `#text` nodes, else the text of all descendants. */
  text: string
  events: Map<string, boolean>
  parent: RenderedNode | null
  children: RenderedNode[]
}

const INLINE_TAGS = new Set(['#text', 'text', 'block'])

export function buildNodes(data: DataTree, templates: Templates): RenderedNode | null {
  const root = data.root as { cn?: unknown[] } | undefined
  if (!root) return null
  const top: RenderedNode = {
    sid: 'root',
    id: 'root',
    tag: 'page',
    className: '',
    attrs: {},
    text: '',
    events: new Map(),
    parent: null,
    children: [],
  }
  const visit = (raw: Record<string, unknown>, parent: RenderedNode) => {
    const nn = String(raw.nn)
    const info = templateFor(templates, nn, raw)
    const isText = 'v' in raw
    const node: RenderedNode = {
      sid: String(raw.sid ?? ''),
      id: String(raw.uid ?? raw.sid ?? ''),
      tag: isText ? '#text' : (info?.tag ?? `unknown(nn=${nn})`),
      className: typeof raw.cl === 'string' ? raw.cl : '',
      attrs: {},
      text: isText ? String(raw.v ?? '') : '',
      events: info?.events ?? new Map(),
      parent,
      children: [],
    }
    for (const [attr, key] of info?.attrs ?? []) if (raw[key] !== undefined) node.attrs[attr] = raw[key]
    parent.children.push(node)
    for (const child of (raw.cn as Record<string, unknown>[] | undefined) ?? []) if (child) visit(child, node)
    if (!isText) node.text = node.children.map((c) => c.text).join('')
  }
  for (const child of (root.cn as Record<string, unknown>[] | undefined) ?? []) if (child) visit(child, top)
  top.text = top.children.map((c) => c.text).join('')
  return top
}

/** The page's text as lines: block components start a line, text and `<text>` run on, as on screen. */
export function visibleText(node: RenderedNode): string {
  const lines: string[] = []
  let line = ''
  const flush = () => {
    if (line.trim()) lines.push(line.trim())
    line = ''
  }
  const walk = (n: RenderedNode) => {
    if (n.tag === '#text') {
      line += n.text
      return
    }
    const block = !INLINE_TAGS.has(n.tag)
    if (block) flush()
    n.children.forEach(walk)
    if (block) flush()
  }
  walk(node)
  flush()
  return lines.join('\n')
}

export function* descendants(node: RenderedNode): Generator<RenderedNode> {
  for (const child of node.children) {
    yield child
    yield* descendants(child)
  }
}

export function describeNode(node: RenderedNode): string {
  const id = node.id !== node.sid ? `#${node.id}` : ''
  const cls = node.className ? `.${node.className.split(/\s+/).join('.')}` : ''
  const text = node.text.length > 40 ? `${node.text.slice(0, 40)}…` : node.text
  return `<${node.tag}${id}${cls}> "${text}"`
}

const EVENT_ATTR = /^(?:capture-)?(bind|catch|mut-bind):?([a-z]+)$/i

/**
 * The same view as `buildNodes`, read from WeChat's element tree instead of from the data: what the compiled
 * templates actually produced. Elements carry Taro's `data-sid`, so taps still reach the page's `eh`.
 */
export function nodesFromWxml(root: WxElement): RenderedNode {
  const build = (el: WxElement, parent: RenderedNode | null): RenderedNode => {
    const sid = parent ? String(el.attr['data-sid'] ?? '') : 'root'
    const node: RenderedNode = {
      sid,
      id: parent ? String(el.attr.id ?? sid) : 'root',
      tag: parent ? el.tag.replace(/^wx-/, '') : 'page',
      className: typeof el.attr.class === 'string' ? el.attr.class : '',
      attrs: {},
      text: '',
      events: new Map(),
      parent,
      children: [],
    }
    for (const [name, value] of Object.entries(el.attr)) {
      const event = EVENT_ATTR.exec(name)
      if (event) node.events.set((event[2] as string).toLowerCase(), event[1] === 'catch')
      else if (name !== 'class' && name !== 'id' && name !== 'data-sid') node.attrs[name] = value
    }
    for (const child of el.children) {
      if (typeof child === 'string') {
        node.children.push({
          sid: '',
          id: '',
          tag: '#text',
          className: '',
          attrs: {},
          text: child,
          events: new Map(),
          parent: node,
          children: [],
        })
      } else {
        node.children.push(build(child, node))
      }
    }
    node.text = node.children.map((c) => c.text).join('')
    return node
  }
  return build(root, null)
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim()

/**
 * What only the real templates catch, comparing the page's data (what setData sent) with the tree WeChat's
 * compiled templates made of it: a template the generated code could not find, an element the data holds
 * that WeChat does not draw, text the data has that the element does not show, and a tap the page listens
 * for on an element that does not bind it.
 */
export function renderProblems(
  route: string,
  fromData: RenderedNode | null,
  drawn: RenderedNode,
  warnings: string[],
): string[] {
  const problems = warnings.map((w) => `${route}: WeChat's template code reported: ${w}`)
  if (!fromData) return problems
  const bySid = new Map<string, RenderedNode>()
  for (const node of descendants(drawn)) if (node.sid) bySid.set(node.sid, node)
  for (const wanted of descendants(fromData)) {
    if (wanted.tag === '#text' || !wanted.sid) continue
    const got = bySid.get(wanted.sid)
    if (!got) {
      problems.push(
        `${route}: ${describeNode(wanted)} is in the page data, but WeChat's templates draw no element for it`,
      )
      continue
    }
    const want = squash(wanted.text)
    const have = squash(got.text)
    if (want && !have)
      problems.push(
        `${route}: <wx-${got.tag}> shows no text where the data has "${want.slice(0, 60)}" (${describeNode(wanted)})`,
      )
    else if (want !== have)
      problems.push(
        `${route}: WeChat draws "${have.slice(0, 60)}" where the data has "${want.slice(0, 60)}" ` +
          `(${describeNode(wanted)})`,
      )
    for (const [event] of wanted.events) {
      if (!got.events.has(event))
        problems.push(
          `${route}: ${describeNode(wanted)} listens for "${event}" in the data's template, ` +
            `but WeChat's element binds no ${event}`,
        )
    }
  }
  return problems
}
