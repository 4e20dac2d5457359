import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'

/**
 * Names a phone's WeChat JS runtime does not have. Node (or a browser) has them, so code that reaches for one
 * works in every other test and breaks only on a phone. Each is a getter that records the reach and throws,
 * because app code often swallows the throw (callApi maps any exception to a generic message) and a silent
 * fallback would hide the bug.
 *
 * Not listed on purpose: names that libraries feature-test with `typeof` and then do without (React's scheduler
 * probes MessageChannel, setImmediate and performance). They are simply absent, as on a phone.
 */
export const FORBIDDEN_GLOBALS: Readonly<Record<string, string>> = {
  fetch: 'WeChat has no fetch; requests go through wx.request (Taro.request, see miniapp/src/api/request.ts)',
  Headers: 'WeChat has no Headers; the weapp build must inject its own (ProvidePlugin in miniapp/config/index.ts)',
  Request: 'WeChat has no Request class',
  Response: 'WeChat has no Response class',
  FormData: 'WeChat has no FormData',
  XMLHttpRequest: 'WeChat has no XMLHttpRequest; use wx.request',
  WebSocket: 'WeChat has no WebSocket class; use wx.connectSocket',
  AbortController: 'WeChat has no AbortController; wx.request returns a RequestTask with abort()',
  TextEncoder: 'WeChat has no TextEncoder',
  TextDecoder: 'WeChat has no TextDecoder',
  URL: 'WeChat has no global URL; Taro injects its own into the bundle, so a bare global reach escaped that injection',
  URLSearchParams: 'WeChat has no global URLSearchParams; Taro injects its own into the bundle',
  navigator: 'WeChat has no navigator; Taro injects its own into the bundle',
  window: 'WeChat has no window; Taro injects its own into the bundle',
  document: 'WeChat has no document; Taro injects its own into the bundle',
  self: 'WeChat has no self',
  location: 'WeChat has no location; Taro injects its own into the bundle',
  history: 'WeChat has no history; Taro injects its own into the bundle',
  localStorage: 'WeChat has no localStorage; use wx.setStorageSync / wx.getStorageSync',
  sessionStorage: 'WeChat has no sessionStorage',
  process: 'WeChat has no process; process.env.* must be replaced at build time',
  global: "Node's global is not WeChat's; use globalThis",
  Buffer: 'WeChat has no Buffer',
  WebAssembly: 'WeChat has no WebAssembly; it offers WXWebAssembly',
}

export interface Violation {
  name: string
  message: string
  stack: string
}

export interface SandboxError {
  where: string
  error: unknown
  message: string
}

export interface SandboxOptions {
  /** Folder of the built mini-program; `require` never leaves it, as on a phone. */
  rootDir: string
  /** Echo the bundle's console output (errors and warnings are always kept in `logs`). */
  echoConsole?: boolean
}

interface Timer {
  handle: NodeJS.Timeout
  due: number
  repeat: boolean
}

type ContextGlobal = typeof globalThis & Record<string, unknown>

/**
 * A `node:vm` context that holds only what WeChat's JS runtime provides: the language builtins and the globals
 * the caller exposes. Code generation from strings is off, as WeChat forbids it, and both the attempt and any
 * reach for a FORBIDDEN_GLOBALS name are recorded with a stack so a test can say where it came from.
 */
export class WeappSandbox {
  readonly context: vm.Context
  readonly global: ContextGlobal
  readonly violations: Violation[] = []
  readonly errors: SandboxError[] = []
  readonly logs: { level: string; text: string }[] = []
  private readonly modules = new Map<string, { exports: unknown }>()
  private readonly timers = new Map<number, Timer>()
  private nextTimerId = 1
  private disposed = false

  constructor(private readonly options: SandboxOptions) {
    this.context = vm.createContext({}, { name: 'weapp', codeGeneration: { strings: false, wasm: false } })
    this.global = vm.runInContext('globalThis', this.context) as ContextGlobal
    this.installGuards()
    this.installCodeGenerationGuards()
    this.installConsole()
    this.installTimers()
  }

  /** Adds one of the globals WeChat's runtime defines (wx, App, Page, getApp…). */
  expose(name: string, value: unknown) {
    this.global[name] = value
  }

  /** Runs a file of the package as WeChat does: its own function scope with `require`, `module` and `exports`. */
  runFile(relPath: string): unknown {
    const file = this.resolve(`/${relPath.replace(/^\/+/, '')}`, this.options.rootDir, '(harness)')
    return this.load(file)
  }

  /** Evaluates a snippet in the context (tests use it to prove the guards still fire). */
  evaluate(source: string, filename = 'snippet.js'): unknown {
    return vm.runInContext(source, this.context, { filename })
  }

  /** Copies plain data into the context's realm, as WeChat's bridge does, so `instanceof Object` holds in there. */
  clone<T>(value: T): T {
    if (value === undefined) return value
    const parse = this.global.JSON.parse as (text: string) => T
    return parse(JSON.stringify(value))
  }

  /** Calls into the bundle the way WeChat's framework does: an exception is reported, never thrown at the caller. */
  invoke(where: string, fn: () => unknown): unknown {
    try {
      return fn()
    } catch (error) {
      this.reportError(where, error)
      return undefined
    }
  }

  reportError(where: string, error: unknown) {
    const message =
      error instanceof Error || (error && typeof error === 'object' && 'stack' in error)
        ? String((error as Error).stack ?? error)
        : String(error)
    this.errors.push({ where, error, message })
    this.logs.push({ level: 'error', text: `uncaught in ${where}: ${message}` })
  }

  /**
   * One-shot timers that fire within `horizonMs`: the bundle still has work queued. Intervals are left out,
   * or a polling page would never count as settled.
   */
  pendingTimers(horizonMs: number): number {
    const limit = Date.now() + horizonMs
    let count = 0
    for (const timer of this.timers.values()) if (!timer.repeat && timer.due <= limit) count += 1
    return count
  }

  dispose() {
    this.disposed = true
    for (const timer of this.timers.values()) clearTimeout(timer.handle)
    this.timers.clear()
  }

  private resolve(spec: string, fromDir: string, fromFile: string): string {
    if (!spec.startsWith('.') && !spec.startsWith('/')) {
      throw new this.global.Error(
        `module "${spec}" is not defined (required from ${fromFile}); WeChat only resolves files of the package`,
      )
    }
    const base = spec.startsWith('/') ? path.join(this.options.rootDir, spec) : path.resolve(fromDir, spec)
    const file = base.endsWith('.js') ? base : `${base}.js`
    const rel = path.relative(this.options.rootDir, file)
    if (rel.startsWith('..') || path.isAbsolute(rel))
      throw new this.global.Error(`require("${spec}") from ${fromFile} leaves the package`)
    if (!existsSync(file)) throw new this.global.Error(`module "${rel}" is not defined (required from ${fromFile})`)
    return file
  }

  private load(file: string): unknown {
    const cached = this.modules.get(file)
    if (cached) return cached.exports
    const module = this.global.Object.create(this.global.Object.prototype) as { exports: unknown }
    module.exports = this.global.Object.create(this.global.Object.prototype)
    this.modules.set(file, module)
    const rel = path.relative(this.options.rootDir, file)
    const fn = vm.compileFunction(readFileSync(file, 'utf8'), ['require', 'module', 'exports'], {
      parsingContext: this.context,
      filename: file,
    })
    const require = (spec: string) => this.load(this.resolve(String(spec), path.dirname(file), rel))
    fn.call(undefined, require, module, module.exports)
    return module.exports
  }

  private record(name: string, message: string) {
    const stack = new Error(message).stack?.split('\n').slice(2).join('\n') ?? ''
    const last = this.violations[this.violations.length - 1]
    // Node's context interceptor retries a lookup whose getter threw: one reach, two calls.
    if (last && last.message === message && last.stack === stack) return
    this.violations.push({ name, message, stack })
  }

  /**
   * The guards sit on an object spliced into the global's prototype chain, not on the global itself: a
   * missing global is still resolved through that chain, but `Object.getOwnPropertyNames(globalThis)`
   * (Taro copies every own global onto its window) does not see names WeChat lacks.
   */
  private installGuards() {
    const ReferenceErrorInContext = this.global.ReferenceError
    const guards = this.global.Object.create(this.global.Object.getPrototypeOf(this.global)) as object
    for (const [name, why] of Object.entries(FORBIDDEN_GLOBALS)) {
      const message = `weapp harness: the bundle reached for global "${name}" — ${why}`
      delete this.global[name]
      Object.defineProperty(guards, name, {
        configurable: true,
        get: () => {
          this.record(name, message)
          throw new ReferenceErrorInContext(message)
        },
        // A polyfill installing the name is legal on WeChat: from then on the bundle reads its own value.
        set: (value: unknown) => {
          Object.defineProperty(this.global, name, { value, writable: true, configurable: true, enumerable: true })
        },
      })
    }
    this.global.Object.setPrototypeOf(this.global, guards)
  }

  /** `strings: false` already makes eval and new Function throw; these wrappers also record who tried. */
  private installCodeGenerationGuards() {
    const install = vm.runInContext(
      `(function (record) {
        'use strict';
        var NativeFunction = Function;
        function refuse(what) {
          var message = 'weapp harness: ' + what + ' generates code from a string, which WeChat forbids';
          record(what, message);
          return new EvalError(message);
        }
        var guard = new Proxy(NativeFunction, {
          apply: function () { throw refuse('Function()'); },
          construct: function () { throw refuse('new Function()'); },
        });
        Object.defineProperty(NativeFunction.prototype, 'constructor', {
          value: guard, writable: true, configurable: true,
        });
        Object.defineProperty(globalThis, 'Function', { value: guard, writable: true, configurable: true });
        var evalGuard = { eval: function () { throw refuse('eval()'); } }.eval;
        Object.defineProperty(globalThis, 'eval', { value: evalGuard, writable: true, configurable: true });
      })`,
      this.context,
    ) as (record: (name: string, message: string) => void) => void
    install((name, message) => this.record(name, message))
  }

  private installConsole() {
    const echo = this.options.echoConsole ?? false
    const make =
      (level: string) =>
      (...args: unknown[]) => {
        const text = args.map((a) => (typeof a === 'string' ? a : safeInspect(a))).join(' ')
        if (level === 'error' || level === 'warn') this.logs.push({ level, text })
        if (echo || level === 'error') console[level === 'log' ? 'log' : (level as 'info')](`[weapp ${level}]`, text)
      }
    const sandboxConsole = this.global.Object.create(this.global.Object.prototype) as Record<string, unknown>
    for (const level of ['log', 'info', 'warn', 'error', 'debug']) sandboxConsole[level] = make(level)
    sandboxConsole.group = make('log')
    sandboxConsole.groupEnd = () => {}
    sandboxConsole.time = () => {}
    sandboxConsole.timeEnd = () => {}
    this.global.console = sandboxConsole as unknown as Console
  }

  /** WeChat's timers return numbers; these are tracked so `settle()` knows when the bundle has gone quiet. */
  private installTimers() {
    const schedule =
      (repeat: boolean) =>
      (callback: unknown, delay?: unknown, ...args: unknown[]) => {
        if (typeof callback !== 'function') {
          this.record(
            repeat ? 'setInterval' : 'setTimeout',
            'weapp harness: a timer was given a string of code, which WeChat forbids',
          )
          throw new this.global.EvalError('weapp harness: timers need a function on WeChat')
        }
        const id = this.nextTimerId++
        const ms = Math.max(0, Number(delay) || 0)
        const run = () => {
          if (this.disposed) return
          if (!repeat) this.timers.delete(id)
          else this.timers.set(id, { ...(this.timers.get(id) as Timer), due: Date.now() + ms })
          this.invoke(repeat ? 'setInterval callback' : 'setTimeout callback', () =>
            (callback as (...a: unknown[]) => unknown)(...args),
          )
        }
        const handle = repeat ? setInterval(run, ms) : setTimeout(run, ms)
        this.timers.set(id, { handle, due: Date.now() + ms, repeat })
        return id
      }
    const clear = (id: unknown) => {
      const timer = this.timers.get(Number(id))
      if (!timer) return
      clearTimeout(timer.handle)
      this.timers.delete(Number(id))
    }
    this.global.setTimeout = schedule(false) as unknown as typeof setTimeout
    this.global.setInterval = schedule(true) as unknown as typeof setInterval
    this.global.clearTimeout = clear as typeof clearTimeout
    this.global.clearInterval = clear as typeof clearInterval
  }
}

function safeInspect(value: unknown): string {
  if (value instanceof Error || (value && typeof value === 'object' && 'stack' in value && 'message' in value)) {
    return String((value as Error).stack ?? (value as Error).message)
  }
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
