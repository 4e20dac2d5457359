import path from 'node:path'
import { allPages, distDir as defaultDistDir, readAppJson, readJson, tabPages, type AppJson } from './dist'
import {
  applyDataPath,
  buildNodes,
  describeNode,
  descendants,
  nodesFromWxml,
  readTemplates,
  renderProblems,
  visibleText,
  type DataTree,
  type RenderedNode,
  type Templates,
} from './render'
import { compiledBuild, compilerBinaries, type CompiledBuild } from './compiler'
import { WeappSandbox } from './sandbox'
import { WxmlView, type WxmlRender } from './view'
import { LAUNCH_SCENE, NavigationRefused, WxStub, type NavigationHost, type RequestHandler } from './wx'

export interface LaunchOptions {
  distDir?: string
  /** Entry page, with an optional query (`pages/x/index?a=1`); the first page of app.json by default. */
  path?: string
  scene?: number
  /** Storage left by an earlier run (pass `app.wx.storage` of a closed app to play a relaunch). */
  storage?: Map<string, string>
  request?: RequestHandler
  echoConsole?: boolean
  /** WeChat's own font size (px) as getAppBaseInfo reports it: 17 standard, 23.8 in 关怀模式 on a 375 screen. */
  fontSizeSetting?: number
}

export type Selector = string | { id?: string; text?: string | RegExp; tag?: string; className?: string }

export interface WaitOptions {
  timeout?: number
}

type Fn = (...args: unknown[]) => unknown
type PageInstance = Record<string, unknown> & { route: string; data: DataTree }

/** WeChat keeps at most ten pages on the stack; navigateTo beyond that fails. */
const MAX_PAGE_STACK = 10
const WECHAT_SETDATA_LIMIT_BYTES = 1024 * 1024

/**
 * The mini-program as WeChat runs it: app.js and the page files evaluated in a WeappSandbox, App/Page/Component
 * registered through the globals WeChat defines, lifecycles called in WeChat's order, the page stack kept by
 * WeChat's routing rules, and rendering read back from the page's setData as the view layer would.
 */
export class WeappApp implements NavigationHost {
  readonly distDir: string
  readonly appJson: AppJson
  readonly templates: Templates
  /** The build through WeChat's wcc/wcsc; null where the package has no binary (see compilerBinaries). */
  readonly compiled: CompiledBuild | null
  /** WeChat's view layer: the wcc render functions every page is drawn with. */
  readonly view: WxmlView | null
  readonly sandbox: WeappSandbox
  readonly wx: WxStub
  appInstance: Record<string, unknown> | undefined
  readonly components = new Map<string, Record<string, unknown>>()
  private readonly pageOptions = new Map<string, Record<string, unknown>>()
  private readonly tabs = new Map<string, WeappPage>()
  private stack: WeappPage[] = []
  private loading: { kind: 'app' | 'page' | 'component'; key: string } | null = null
  private webviewIds = 0
  private closed = false

  static async launch(options: LaunchOptions = {}): Promise<WeappApp> {
    const app = new WeappApp(options)
    try {
      app.boot(options)
      await app.settle()
    } catch (err) {
      app.close()
      // The first thing that broke (say an eval the bundle caught) often comes before the error that surfaced.
      const problems = app.problems()
      if (problems.length === 0) throw err
      throw new Error(`weapp harness: the app did not start under WeChat's rules:\n\n${problems.join('\n\n')}`, {
        cause: err,
      })
    }
    return app
  }

  private constructor(options: LaunchOptions) {
    this.distDir = options.distDir ?? defaultDistDir
    this.appJson = readAppJson(this.distDir)
    this.templates = readTemplates(this.distDir)
    // A template wcc rejects or a style wcsc's lint refuses throws here: every test of the build fails with it.
    this.compiled = wechatCompilerOrWarn() ? compiledBuild(this.distDir) : null
    this.view = this.compiled ? new WxmlView(this.compiled.wxml) : null
    this.sandbox = new WeappSandbox({ rootDir: this.distDir, echoConsole: options.echoConsole })
    const entry = parseUrl(options.path ?? (this.appJson.pages[0] as string), '')
    const launchOptions = {
      path: entry.route,
      query: entry.query,
      scene: options.scene ?? LAUNCH_SCENE,
      referrerInfo: {},
      apiCategory: 'default',
    }
    this.wx = new WxStub(this.sandbox, this, launchOptions, options.storage, options.fontSizeSetting)
    if (options.request) this.wx.requestHandler = options.request
    this.exposeGlobals()
  }

  /** The page on top of the stack: what the user is looking at. */
  get page(): WeappPage {
    const top = this.stack[this.stack.length - 1]
    if (!top) throw new Error('weapp harness: no page is open')
    return top
  }

  get pages(): WeappPage[] {
    return [...this.stack]
  }

  /** Every route of app.json, main package and sub-packages. */
  get routes(): string[] {
    return allPages(this.appJson)
  }

  /**
   * Waits until the bundle has nothing left to do soon: no request or callback in flight and no timer due
   * within 50 ms. Throws at once if the bundle broke a WeChat rule or threw.
   */
  async settle(options: WaitOptions = {}): Promise<void> {
    const deadline = Date.now() + (options.timeout ?? 15_000)
    let quiet = 0
    for (;;) {
      this.assertHealthy()
      await new Promise((r) => setTimeout(r, 2))
      const busy = this.wx.pending > 0 || this.sandbox.pendingTimers(50) > 0
      quiet = busy ? 0 : quiet + 1
      if (quiet >= 3) break
      if (Date.now() > deadline) {
        throw new Error(
          `weapp harness: the app was still busy after ${options.timeout ?? 15_000} ms ` +
            `(${this.wx.pending} wx calls in flight, ${this.sandbox.pendingTimers(50)} timers due)`,
        )
      }
    }
    this.assertHealthy()
  }

  /**
   * Everything that would break on a phone, with where it came from. console.error counts: React reports a
   * render that threw there and leaves the page frozen, without the error ever reaching a caller.
   */
  problems(): string[] {
    return [
      ...this.sandbox.violations.map((v) => `${v.message}\n${v.stack}`),
      ...this.sandbox.errors.map((e) => `uncaught in ${e.where}: ${e.message}`),
      ...this.sandbox.logs
        .filter((l) => l.level === 'error' && !l.text.startsWith('uncaught in '))
        .map((l) => `console.error: ${l.text}`),
      ...this.stack.flatMap((page) => page.renderProblems()),
    ]
  }

  assertHealthy() {
    const problems = this.problems()
    if (problems.length)
      throw new Error(`weapp harness: the bundle failed under WeChat's rules:\n\n${problems.join('\n\n')}`)
  }

  close() {
    if (this.closed) return
    this.closed = true
    this.wx.dispose()
    this.sandbox.dispose()
  }

  async navigate(kind: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch', url: string): Promise<void> {
    const current = this.stack[this.stack.length - 1]
    const { route, query } = parseUrl(url, current?.route ?? '')
    if (!this.routes.includes(route)) throw new NavigationRefused(`${kind}:fail page "${route}" is not found`)
    const isTab = tabPages(this.appJson).includes(route)
    switch (kind) {
      case 'navigateTo': {
        if (isTab) throw new NavigationRefused('navigateTo:fail can not navigateTo a tabbar page')
        if (this.stack.length >= MAX_PAGE_STACK)
          throw new NavigationRefused('navigateTo:fail webview count limit exceed')
        current?.hide()
        this.stack.push(this.openPage(route, query))
        return
      }
      case 'redirectTo': {
        if (isTab) throw new NavigationRefused('redirectTo:fail can not redirectTo a tabbar page')
        const top = this.stack.pop()
        if (top) this.leave(top)
        this.stack.push(this.openPage(route, query))
        return
      }
      case 'switchTab': {
        if (!isTab) throw new NavigationRefused('switchTab:fail can not switch to no-tabBar page')
        if (current?.route === route && this.stack.length === 1) return
        for (const page of this.stack.reverse()) this.leave(page)
        const kept = this.tabs.get(route)
        if (kept) kept.show()
        // WeChat ignores a query on switchTab: a tab page always opens bare.
        this.stack = [kept ?? this.openPage(route, {})]
        return
      }
      case 'reLaunch': {
        for (const page of [...this.stack.reverse(), ...this.tabs.values()]) page.unload()
        this.tabs.clear()
        this.stack = [this.openPage(route, query)]
      }
    }
  }

  /** The user taps a tab bar item (by its text or page path): WeChat switches tab, then tells the page. */
  async tapTab(textOrPath: string): Promise<void> {
    const list = this.appJson.tabBar?.list ?? []
    const index = list.findIndex((t) => t.text === textOrPath || t.pagePath === textOrPath)
    const tab = list[index]
    if (!tab)
      throw new Error(`weapp harness: the tab bar has no item "${textOrPath}" (${list.map((t) => t.text).join(', ')})`)
    if (this.page.route !== tab.pagePath || this.stack.length > 1) await this.navigate('switchTab', `/${tab.pagePath}`)
    const page = this.page
    const onTabItemTap = page.instance.onTabItemTap
    if (typeof onTabItemTap === 'function') {
      this.sandbox.invoke(`${page.route} onTabItemTap`, () =>
        (onTabItemTap as Fn).call(page.instance, this.sandbox.clone({ index, pagePath: tab.pagePath, text: tab.text })),
      )
    }
    await this.settle()
  }

  /** The phone's back gesture or the navigation bar's back arrow: no wx call, the top page just closes. */
  async pressBack(): Promise<void> {
    await this.navigateBack(1)
    await this.settle()
  }

  async navigateBack(delta: number): Promise<void> {
    if (this.stack.length <= 1) throw new NavigationRefused('navigateBack:fail cannot navigate back at first page.')
    for (let i = 0; i < delta && this.stack.length > 1; i++) this.stack.pop()?.unload()
    this.page.show()
  }

  private exposeGlobals() {
    const sandbox = this.sandbox
    sandbox.expose('wx', this.wx.api)
    sandbox.expose('App', (options: Record<string, unknown>) => {
      if (this.loading?.kind !== 'app') throw new sandbox.global.Error('App() must be called in app.js')
      if (this.appInstance) throw new sandbox.global.Error('App() may only be called once')
      // Taro's app object keeps mount/unmount on its prototype: WeChat uses the object itself.
      this.appInstance = options
    })
    sandbox.expose('Page', (options: Record<string, unknown>) => {
      if (this.loading?.kind !== 'page')
        throw new sandbox.global.Error(
          `Page() called outside a page file (while loading ${this.loading?.key ?? 'nothing'})`,
        )
      this.pageOptions.set(this.loading.key, options)
    })
    sandbox.expose('Component', (options: Record<string, unknown>) => {
      if (!this.loading) throw new sandbox.global.Error('Component() called outside a component file')
      if (this.loading.kind === 'page') this.pageOptions.set(this.loading.key, options)
      else this.components.set(this.loading.key, options)
    })
    sandbox.expose('Behavior', (options: Record<string, unknown>) => options)
    sandbox.expose('getApp', () => this.appInstance)
    sandbox.expose('getCurrentPages', () => sandbox.global.Array.from(this.stack.map((p) => p.instance)))
    sandbox.expose('requirePlugin', (name: string) => {
      throw new sandbox.global.Error(`plugin "${name}" is not defined: app.json declares no plugins`)
    })
  }

  /** WeChat's start-up: inject app.js, then (without lazy code loading) every main-package page, then launch. */
  private boot(options: LaunchOptions) {
    this.loadFile('app', 'app', 'app.js')
    if (!this.appInstance) throw new Error('weapp harness: app.js ran without calling App()')
    if (this.appJson.lazyCodeLoading !== 'requiredComponents')
      for (const route of this.appJson.pages) this.loadPage(route)
    const launch = this.wx.api.getLaunchOptionsSync as () => Record<string, unknown>
    const app = this.appInstance
    for (const hook of ['onLaunch', 'onShow']) {
      const fn = app[hook]
      if (typeof fn === 'function') this.sandbox.invoke(`App.${hook}`, () => (fn as Fn).call(app, launch()))
    }
    const entry = parseUrl(options.path ?? (this.appJson.pages[0] as string), '')
    if (!this.routes.includes(entry.route))
      throw new Error(`weapp harness: entry page ${entry.route} is not in app.json`)
    this.stack = [this.openPage(entry.route, entry.query)]
  }

  /** A file that throws while loading is a script error on WeChat too: reported, so every later check fails. */
  private loadFile(kind: 'app' | 'page' | 'component', key: string, file: string) {
    const previous = this.loading
    this.loading = { kind, key }
    try {
      this.sandbox.runFile(file)
    } catch (err) {
      this.sandbox.reportError(`loading ${file}`, err)
      throw err
    } finally {
      this.loading = previous
    }
  }

  private loadPage(route: string) {
    if (this.pageOptions.has(route)) return
    this.loadComponentsOf(route)
    this.loadFile('page', route, `${route}.js`)
    if (!this.pageOptions.has(route)) throw new Error(`weapp harness: ${route}.js ran without calling Page()`)
  }

  /** A page's (and, in turn, a component's) usingComponents are injected with it, as WeChat does. */
  private loadComponentsOf(key: string) {
    const json = readJson<{ usingComponents?: Record<string, string> }>(this.distDir, `${key}.json`)
    const using = { ...(this.appJson.usingComponents ?? {}), ...(json?.usingComponents ?? {}) }
    for (const ref of Object.values(using)) {
      if (ref.startsWith('plugin://')) continue
      const target = ref.startsWith('/') ? ref.slice(1) : path.posix.join(path.posix.dirname(key), ref)
      if (this.components.has(target) || this.loading?.key === target) continue
      this.components.set(target, {})
      this.loadComponentsOf(target)
      this.loadFile('component', target, `${target}.js`)
    }
  }

  private openPage(route: string, query: Record<string, string>): WeappPage {
    this.loadPage(route)
    const page = new WeappPage(
      this,
      route,
      query,
      this.pageOptions.get(route) as Record<string, unknown>,
      ++this.webviewIds,
    )
    if (tabPages(this.appJson).includes(route)) this.tabs.set(route, page)
    page.load()
    return page
  }

  /** Leaving a page: tab pages stay alive in the background, other pages are destroyed. */
  private leave(page: WeappPage) {
    if (this.tabs.get(page.route) === page) page.hide()
    else page.unload()
  }
}

/**
 * One page instance with a driver for tests: read what is rendered, find nodes, tap and type like a user.
 * Every action waits for the app to settle, so the next read sees the re-render.
 */
export class WeappPage {
  readonly instance: PageInstance
  /** Each setData payload, in order, as plain data. */
  readonly updates: Record<string, unknown>[] = []
  state: 'shown' | 'hidden' | 'unloaded' = 'shown'
  private cached: { renders: number; root: RenderedNode | null } | undefined
  private drawn: { renders: number; render: WxmlRender | null; problems: string[] } | undefined

  constructor(
    readonly app: WeappApp,
    readonly route: string,
    readonly query: Record<string, string>,
    options: Record<string, unknown>,
    webviewId: number,
  ) {
    const sandbox = app.sandbox
    const instance: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(options))
      instance[key] = key === 'data' ? sandbox.clone(value ?? {}) : value
    instance.data ??= sandbox.clone({})
    Object.assign(instance, {
      route,
      __route__: route,
      is: route,
      options: sandbox.clone(query),
      __wxWebviewId__: webviewId,
      __wxExparserNodeId__: `page-${webviewId}`,
      setData: (update: unknown, callback?: unknown) => this.setData(update, callback),
      selectComponent: () => null,
      selectAllComponents: () => new sandbox.global.Array(),
      createSelectorQuery: () => (app.wx.api.createSelectorQuery as Fn)(),
      getOpenerEventChannel: () => ({ on() {}, off() {}, once() {}, emit() {} }),
    })
    this.instance = instance as PageInstance
  }

  get renders(): number {
    return this.updates.length
  }

  load() {
    this.lifecycle('onLoad', this.app.sandbox.clone(this.query))
    this.lifecycle('onShow')
    // onReady follows the first render of the page's initial data, a task later.
    this.app.wx.later(`${this.route} onReady`, () => this.lifecycle('onReady'))
  }

  show() {
    this.state = 'shown'
    this.lifecycle('onShow')
  }

  hide() {
    this.state = 'hidden'
    this.lifecycle('onHide')
  }

  unload() {
    if (this.state === 'unloaded') return
    this.state = 'unloaded'
    this.lifecycle('onUnload')
  }

  /**
   * The rendered tree, null before the first render: WeChat's element tree from the compiled templates, or
   * (where WeChat's compiler cannot run) the harness's own reading of the data through base.wxml.
   */
  root(): RenderedNode | null {
    if (this.cached?.renders !== this.renders) {
      const render = this.wxml()
      this.cached = { renders: this.renders, root: render ? nodesFromWxml(render.root) : this.fromData() }
    }
    return this.cached.root
  }

  /** The page data read through base.wxml by the harness, without WeChat's compiler. */
  fromData(): RenderedNode | null {
    return buildNodes(this.instance.data, this.app.templates)
  }

  /** WeChat's element tree for the page's current data (`$gwx('<route>.wxml')(data)`); null before the first render. */
  wxml(): WxmlRender | null {
    if (this.drawn?.renders !== this.renders) {
      const view = this.app.view
      const render = view && this.instance.data.root ? view.render(`${this.route}.wxml`, this.instance.data) : null
      const problems = render
        ? renderProblems(this.route, this.fromData(), nodesFromWxml(render.root), render.warnings)
        : []
      this.drawn = { renders: this.renders, render, problems }
    }
    return this.drawn.render
  }

  /** See renderProblems: what is wrong with the page as WeChat's templates draw it. */
  renderProblems(): string[] {
    this.wxml()
    return this.drawn?.problems ?? []
  }

  /** The text on screen, one line per block. */
  text(): string {
    const root = this.root()
    return root ? visibleText(root) : ''
  }

  findAll(selector: Selector): RenderedNode[] {
    const root = this.root()
    if (!root) return []
    const query =
      typeof selector === 'string'
        ? selector.startsWith('#')
          ? { id: selector.slice(1) }
          : { text: selector }
        : selector
    const hasText = (n: RenderedNode) =>
      query.text === undefined ||
      (typeof query.text === 'string' ? n.text.includes(query.text) : query.text.test(n.text))
    const matches = [...descendants(root)].filter(
      (n) =>
        n.tag !== '#text' &&
        (query.id === undefined || n.id === query.id) &&
        (query.tag === undefined || n.tag === query.tag) &&
        (query.className === undefined || n.className.split(/\s+/).includes(query.className)) &&
        hasText(n),
    )
    if (query.text === undefined) return matches
    // By text, the innermost element holding it is the one a user sees and taps; an element whose whole
    // text is the wanted one (a 重试 button) goes before a sentence that merely mentions it.
    const innermost = matches.filter((n) => !n.children.some((c) => c.tag !== '#text' && matches.includes(c)))
    const whole = (n: RenderedNode) => (typeof query.text === 'string' ? n.text.trim() === query.text : false)
    return [...innermost.filter(whole), ...innermost.filter((n) => !whole(n))]
  }

  find(selector: Selector): RenderedNode | undefined {
    return this.findAll(selector)[0]
  }

  get(selector: Selector): RenderedNode {
    const node = this.find(selector)
    if (!node)
      throw new Error(
        `weapp harness: nothing matches ${JSON.stringify(selector)} on ${this.route}; the page shows:\n${this.text()}`,
      )
    return node
  }

  /** Waits (settling between checks) until `text` is on screen. */
  async waitForText(text: string, options: WaitOptions = {}): Promise<void> {
    await this.waitFor(() => this.text().includes(text), `text "${text}"`, options)
  }

  async waitFor(check: () => boolean, what: string, options: WaitOptions = {}): Promise<void> {
    const deadline = Date.now() + (options.timeout ?? 15_000)
    for (;;) {
      this.app.assertHealthy()
      if (check()) return
      if (Date.now() > deadline)
        throw new Error(
          `weapp harness: ${what} did not appear on ${this.route} within ${options.timeout ?? 15_000} ms; ` +
            `the page shows:\n${this.text()}`,
        )
      await new Promise((r) => setTimeout(r, 10))
    }
  }

  /**
   * A finger tap: WeChat fires `tap` on the innermost element and bubbles it up, calling the page's `eh`
   * for every element whose template binds tap, with that element as currentTarget, until a `catch` binding.
   */
  async tap(selector: Selector | RenderedNode): Promise<void> {
    const hit = typeof selector === 'object' && 'sid' in selector ? selector : this.get(selector)
    const target = hit.tag === '#text' && hit.parent ? hit.parent : hit
    if (target.tag === 'button' && target.attrs.disabled === true)
      throw new Error(`weapp harness: ${describeNode(target)} is disabled`)
    const chain: RenderedNode[] = []
    for (let n: RenderedNode | null = target; n && n.sid !== 'root'; n = n.parent) chain.push(n)
    if (!chain.some((n) => n.events.has('tap')))
      throw new Error(`weapp harness: nothing handles a tap on ${describeNode(target)} (${this.route})`)
    const timeStamp = Date.now()
    const ref = (n: RenderedNode) => ({ id: n.id, offsetLeft: 0, offsetTop: 0, dataset: { sid: n.sid } })
    const touch = { identifier: 0, pageX: 100, pageY: 300, clientX: 100, clientY: 300, force: 1 }
    for (const current of chain) {
      if (!current.events.has('tap')) continue
      const event = {
        type: 'tap',
        timeStamp,
        target: ref(target),
        currentTarget: ref(current),
        detail: { x: 100, y: 300 },
        touches: [touch],
        changedTouches: [touch],
        mark: {},
        mut: false,
      }
      this.dispatch(event)
      if (current.events.get('tap')) break
    }
    await this.app.settle()
  }

  /** Typing into an input or textarea: WeChat sends `input` to that element only, with the whole new value. */
  async input(selector: Selector | RenderedNode, value: string): Promise<void> {
    const node = typeof selector === 'object' && 'sid' in selector ? selector : this.get(selector)
    await this.trigger(node, 'input', { value, cursor: value.length, keyCode: 0 })
  }

  /**
   * Picking or toggling a value on a picker, switch, slider, radio or checkbox group: WeChat sends `change`
   * with the new value (a picker's index, a switch's boolean). The selector may name a node inside the picker.
   */
  async change(selector: Selector | RenderedNode, value: unknown): Promise<void> {
    let node: RenderedNode | null = typeof selector === 'object' && 'sid' in selector ? selector : this.get(selector)
    const asked = node
    while (node && !node.events.has('change')) node = node.parent
    if (!node)
      throw new Error(`weapp harness: neither ${describeNode(asked)} nor a parent binds "change" (${this.route})`)
    await this.trigger(node, 'change', { value })
  }

  /** Any non-bubbling component event (`input`, `blur`, `confirm`, `change`…) on one element. */
  async trigger(node: RenderedNode, type: string, detail: Record<string, unknown> = {}): Promise<void> {
    if (!node.events.has(type))
      throw new Error(`weapp harness: ${describeNode(node)} does not bind "${type}" (${this.route})`)
    const ref = { id: node.id, offsetLeft: 0, offsetTop: 0, dataset: { sid: node.sid } }
    this.dispatch({ type, timeStamp: Date.now(), target: ref, currentTarget: ref, detail, mark: {}, mut: false })
    await this.app.settle()
  }

  private dispatch(event: Record<string, unknown>) {
    const eh = this.instance.eh
    if (typeof eh !== 'function') throw new Error(`weapp harness: ${this.route} has no event handler "eh"`)
    this.app.sandbox.invoke(`${this.route} ${String(event.type)} handler`, () =>
      (eh as Fn).call(this.instance, this.app.sandbox.clone(event)),
    )
  }

  private lifecycle(name: string, ...args: unknown[]) {
    const fn = this.instance[name]
    if (typeof fn === 'function')
      this.app.sandbox.invoke(`${this.route} ${name}`, () => (fn as Fn).apply(this.instance, args))
  }

  /** WeChat's setData: path keys applied to `this.data` at once, the view (and the callback) a task later. */
  private setData(update: unknown, callback?: unknown) {
    const sandbox = this.app.sandbox
    if (!update || typeof update !== 'object') throw new sandbox.global.TypeError('setData expects an object')
    const payload = JSON.stringify(update)
    if (payload.length > WECHAT_SETDATA_LIMIT_BYTES) {
      sandbox.reportError(
        `${this.route} setData`,
        new Error(`setData sent ${payload.length} bytes; WeChat refuses more than ${WECHAT_SETDATA_LIMIT_BYTES}`),
      )
      return
    }
    if (this.state === 'unloaded') sandbox.logs.push({ level: 'warn', text: `${this.route}: setData after onUnload` })
    for (const [key, value] of Object.entries(update as Record<string, unknown>)) {
      if (value === undefined) {
        sandbox.logs.push({ level: 'warn', text: `${this.route}: setting data field "${key}" to undefined is invalid` })
        continue
      }
      applyDataPath(this.instance.data, key, sandbox.clone(value))
    }
    this.updates.push(JSON.parse(payload) as Record<string, unknown>)
    if (typeof callback === 'function')
      this.app.wx.later(`${this.route} setData callback`, () => (callback as Fn).call(this.instance))
  }
}

/**
 * A route and query from a navigation url, resolved against the current page as WeChat does: a leading `/`
 * is absolute, anything else relative. Values are handed over as written; a key without `=` arrives as the
 * string "undefined", a WeChat quirk its routing keeps for compatibility.
 */
export function parseUrl(url: string, fromRoute: string): { route: string; query: Record<string, string> } {
  const q = url.indexOf('?')
  const pathPart = q === -1 ? url : url.slice(0, q)
  const search = q === -1 ? '' : url.slice(q + 1)
  const joined = pathPart.startsWith('/') ? pathPart : path.posix.join(path.posix.dirname(fromRoute || '.'), pathPart)
  const route = path.posix.normalize(joined).replace(/^\/+/, '').replace(/^\.\//, '')
  const query: Record<string, string> = {}
  for (const pair of search.split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    if (eq === -1) query[pair] = 'undefined'
    else query[pair.slice(0, eq)] = pair.slice(eq + 1)
  }
  return { route, query }
}

let warnedNoCompiler = false

/** Whether WeChat's compilers can run here; says once per worker, and why, when they cannot. */
function wechatCompilerOrWarn(): boolean {
  const bins = compilerBinaries()
  if (bins.ok) return true
  if (!warnedNoCompiler) {
    warnedNoCompiler = true
    console.warn(
      `weapp harness: ${bins.reason}; pages are read from their data through base.wxml ` +
        "instead of WeChat's compiled templates, and the render checks are skipped.",
    )
  }
  return false
}
