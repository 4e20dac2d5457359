import type { WeappSandbox } from './sandbox'

/** One call the bundle made on `wx`, arguments as plain data (callbacks dropped). */
export interface WxCall {
  api: string
  args: unknown[]
}

/** A request as it leaves the phone: URL with the query WeChat builds from `data`, body as sent. */
export interface WireRequest {
  url: string
  method: string
  header: Record<string, string>
  body: string | undefined
  timeout: number
}

export type RequestOutcome = { statusCode: number; header?: Record<string, string>; data: string } | { fail: string }
export type RequestHandler = (request: WireRequest) => RequestOutcome | Promise<RequestOutcome>

export interface RecordedRequest extends WireRequest {
  /** What the bundle passed to wx.request (callbacks dropped). */
  options: Record<string, unknown>
  outcome?: RequestOutcome
}

/** What the app decided about a navigation, in WeChat's words (`navigateTo:fail page "x" is not found`). */
export class NavigationRefused extends Error {}

export interface NavigationHost {
  navigate(kind: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch', url: string): Promise<void>
  navigateBack(delta: number): Promise<void>
}

export type LoginOutcome = { code: string } | { fail: string }
export type SubscribeOutcome = Record<string, 'accept' | 'reject' | 'ban' | 'filter'> | { fail: string }
export type ModalOutcome = { confirm: boolean; content?: string }

export interface UiState {
  toast: { title: string; icon: string } | null
  loading: string | null
  toasts: { title: string; icon: string }[]
  modals: Record<string, unknown>[]
  navigationBarTitle: string | null
}

/** A phone-sized iPhone on a current WeChat: what getSystemInfoSync and its split successors report. */
const SYSTEM = {
  brand: 'iPhone',
  model: 'iPhone 13',
  pixelRatio: 3,
  screenWidth: 390,
  screenHeight: 844,
  windowWidth: 390,
  windowHeight: 753,
  statusBarHeight: 47,
  language: 'zh_CN',
  version: '8.0.50',
  system: 'iOS 17.5',
  platform: 'ios',
  fontSizeSetting: 17,
  SDKVersion: '3.5.8',
  benchmarkLevel: -1,
  theme: 'light',
  safeArea: { left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 },
  screenTop: 91,
  enableDebug: false,
  deviceOrientation: 'portrait',
}

export const LAUNCH_SCENE = 1001

type Callbacks = { success?: (res: unknown) => void; fail?: (res: unknown) => void; complete?: (res: unknown) => void }
type ApiOptions = Record<string, unknown> & Callbacks

/** JSON copy without functions: how calls are recorded and what crosses WeChat's bridge. */
function plain(value: unknown): unknown {
  if (value === undefined) return undefined
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'function' ? undefined : v)) ?? 'null')
}

function toQuery(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      const text = typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)
      return `${encodeURIComponent(k)}=${encodeURIComponent(text)}`
    })
    .join('&')
}

/**
 * The `wx` object the bundle sees. Every call is recorded; the calls that reach outside the phone (request,
 * login, subscribe messages, modals) are answered by handlers the test sets, so a test plays the user and the
 * network. Asynchronous APIs answer on a later task, as WeChat does, and call back through
 * success/fail/complete or, when none is given, a Promise.
 */
export class WxStub {
  readonly calls: WxCall[] = []
  readonly requests: RecordedRequest[] = []
  /** Storage as WeChat keeps it: JSON per key, surviving an app relaunch when passed to the next app. */
  readonly storage: Map<string, string>
  readonly ui: UiState = { toast: null, loading: null, toasts: [], modals: [], navigationBarTitle: null }
  requestHandler: RequestHandler = () => ({ fail: 'request:fail the test set no request handler' })
  loginHandler: () => LoginOutcome | Promise<LoginOutcome>
  subscribeHandler: (tmplIds: string[]) => SubscribeOutcome = (ids) =>
    Object.fromEntries(ids.map((id) => [id, 'accept' as const]))
  /** wx.requestFacialVerify (人脸核身 2.0): the face check "runs"; its real outcome is the server's to ask */
  facialVerifyHandler: (verifyId: string) => { ok: true } | { fail: string } = () => ({ ok: true })
  modalHandler: (options: Record<string, unknown>) => ModalOutcome = () => ({ confirm: true })
  actionSheetHandler: (itemList: string[]) => number | null = () => 0
  /** Asynchronous work in flight (requests, navigations, callbacks not yet delivered). */
  pending = 0
  readonly api: Record<string, unknown> = {}
  private loginCount = 0
  private disposed = false

  constructor(
    private readonly sandbox: WeappSandbox,
    private readonly navigation: NavigationHost,
    private readonly launchOptions: Record<string, unknown>,
    storage?: Map<string, string>,
    private readonly fontSizeSetting = SYSTEM.fontSizeSetting,
  ) {
    this.storage = storage ?? new Map()
    this.loginHandler = () => ({ code: `wx-login-code-${++this.loginCount}` })
    this.install()
  }

  callsTo(api: string): WxCall[] {
    return this.calls.filter((c) => c.api === api)
  }

  dispose() {
    this.disposed = true
  }

  /** Calls back into the bundle on a later task, counted as pending work so `settle()` waits for it. */
  later(where: string, fn: () => unknown) {
    this.pending += 1
    setTimeout(() => {
      this.pending -= 1
      if (!this.disposed) this.sandbox.invoke(where, fn)
    }, 0)
  }

  private record(api: string, args: unknown[]) {
    this.calls.push({ api, args: args.map(plain) })
  }

  /** Runs `work` on a later task and delivers its result like WeChat: success+complete, or fail+complete. */
  private deliver(
    api: string,
    options: ApiOptions | undefined,
    work: () => Promise<Record<string, unknown>>,
    finalize?: (value: Record<string, unknown>) => void,
  ): unknown {
    const opts = options ?? {}
    const wantsPromise = !opts.success && !opts.fail && !opts.complete
    let settle: ((ok: boolean, res: unknown) => void) | undefined
    const promise = wantsPromise
      ? new this.sandbox.global.Promise((resolve, reject) => {
          settle = (ok, res) => (ok ? resolve(res) : reject(res))
        })
      : undefined
    this.pending += 1
    setTimeout(() => {
      work()
        .then(
          (res) => ({ ok: true, res: { ...res, errMsg: `${api}:ok` } }),
          (err: unknown) => ({ ok: false, res: { errMsg: errMsgOf(api, err) } }),
        )
        .then(({ ok, res }) => {
          if (this.disposed) return
          const value = this.sandbox.clone(res) as Record<string, unknown>
          if (ok) finalize?.(value)
          const cb = ok ? opts.success : opts.fail
          if (cb) this.sandbox.invoke(`wx.${api} ${ok ? 'success' : 'fail'} callback`, () => cb(value))
          if (opts.complete) this.sandbox.invoke(`wx.${api} complete callback`, () => opts.complete?.(value))
          settle?.(ok, value)
        })
        .finally(() => {
          this.pending -= 1
        })
    }, 0)
    return promise
  }

  private define(name: string, fn: (...args: never[]) => unknown) {
    this.api[name] = (...args: unknown[]) => {
      this.record(name, args)
      return (fn as (...a: unknown[]) => unknown)(...args)
    }
  }

  /** An asynchronous API whose outcome the harness decides on the spot. */
  private async$(
    name: string,
    result: (options: ApiOptions) => Record<string, unknown> | Promise<Record<string, unknown>> = () => ({}),
  ) {
    this.define(name, (options?: ApiOptions) => this.deliver(name, options, async () => result(options ?? {})))
  }

  private install() {
    const wx = this.api
    this.installRequest()
    this.installStorage()
    this.installNavigation()
    this.installUi()

    this.async$('login', async () => {
      const outcome = await this.loginHandler()
      if ('fail' in outcome) throw new Error(outcome.fail)
      return { code: outcome.code }
    })
    this.async$('checkSession')
    this.async$('requestFacialVerify', (options) => {
      if (typeof options.verifyId !== 'string' || options.verifyId === '')
        throw new Error('requestFacialVerify:fail verifyId is required')
      const outcome = this.facialVerifyHandler(options.verifyId)
      if ('fail' in outcome) throw new Error(outcome.fail)
      return { errCode: 0 }
    })
    this.async$('requestSubscribeMessage', (options) => {
      const ids = (options.tmplIds as string[] | undefined) ?? []
      if (ids.length === 0) throw new Error('requestSubscribeMessage:fail tmplIds is empty')
      const outcome = this.subscribeHandler(ids)
      if ('fail' in outcome && typeof outcome.fail === 'string') throw new Error(outcome.fail)
      return outcome as Record<string, unknown>
    })

    const system = () => this.sandbox.clone({ ...SYSTEM, fontSizeSetting: this.fontSizeSetting })
    this.define('getSystemInfoSync', system)
    this.async$('getSystemInfo', system)
    this.async$('getSystemInfoAsync', system)
    const info = (name: string, value: () => object) => this.define(name, () => this.sandbox.clone(value()))
    info('getWindowInfo', () =>
      pick(SYSTEM, [
        'pixelRatio',
        'screenWidth',
        'screenHeight',
        'windowWidth',
        'windowHeight',
        'statusBarHeight',
        'safeArea',
        'screenTop',
      ]),
    )
    info('getAppBaseInfo', () => ({
      ...pick(SYSTEM, ['SDKVersion', 'enableDebug', 'language', 'version', 'theme']),
      fontSizeSetting: this.fontSizeSetting,
      host: { env: 'WeChat' },
    }))
    info('getDeviceInfo', () => ({
      ...pick(SYSTEM, ['brand', 'model', 'system', 'platform', 'benchmarkLevel']),
      abi: 'arm64',
      memorySize: 4096,
    }))
    info('getSystemSetting', () => ({
      bluetoothEnabled: false,
      locationEnabled: true,
      wifiEnabled: true,
      deviceOrientation: 'portrait',
    }))
    info('getAppAuthorizeSetting', () => ({
      albumAuthorized: 'authorized',
      cameraAuthorized: 'authorized',
      locationAuthorized: 'not determined',
      notificationAuthorized: 'authorized',
      microphoneAuthorized: 'authorized',
    }))
    info('getMenuButtonBoundingClientRect', () => ({
      width: 87,
      height: 32,
      top: 51,
      right: 380,
      bottom: 83,
      left: 293,
    }))
    info('getAccountInfoSync', () => ({ miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' } }))
    this.define('getLaunchOptionsSync', () => this.sandbox.clone(this.launchOptions))
    this.define('getEnterOptionsSync', () => this.sandbox.clone(this.launchOptions))
    this.async$('getNetworkType', () => ({ networkType: 'wifi', signalStrength: 0, hasSystemProxy: false }))
    this.async$('getSetting', () => ({ authSetting: {}, subscriptionsSetting: { mainSwitch: true } }))
    this.define(
      'canIUse',
      (schema: string) =>
        typeof wx[String(schema).split('.')[0] as string] === 'function' || String(schema).includes('.'),
    )
    this.define('nextTick', (fn: () => void) => this.later('wx.nextTick callback', fn))
    this.define('getUpdateManager', () => ({
      onCheckForUpdate() {},
      onUpdateReady() {},
      onUpdateFailed() {},
      applyUpdate() {},
    }))
    const logger = () => ({
      debug() {},
      info() {},
      log() {},
      warn() {},
      error() {},
      setFilterMsg() {},
      addFilterMsg() {},
    })
    this.define('getRealtimeLogManager', logger)
    this.define('getLogManager', logger)
    this.define('reportAnalytics', () => undefined)
    this.define('reportEvent', () => undefined)
    this.define('createSelectorQuery', () => this.selectorQuery())
    for (const name of [
      'onAppShow',
      'offAppShow',
      'onAppHide',
      'offAppHide',
      'onError',
      'offError',
      'onUnhandledRejection',
      'offUnhandledRejection',
      'onPageNotFound',
      'offPageNotFound',
      'onMemoryWarning',
      'onThemeChange',
      'offThemeChange',
      'onNetworkStatusChange',
      'offNetworkStatusChange',
      'onWindowResize',
      'offWindowResize',
    ]) {
      this.define(name, () => undefined)
    }
    for (const name of [
      'vibrateShort',
      'vibrateLong',
      'setClipboardData',
      'makePhoneCall',
      'pageScrollTo',
      'startPullDownRefresh',
      'stopPullDownRefresh',
      'setBackgroundColor',
      'setBackgroundTextStyle',
      'showNavigationBarLoading',
      'hideNavigationBarLoading',
      'setNavigationBarColor',
      'setTabBarBadge',
      'removeTabBarBadge',
      'showTabBarRedDot',
      'hideTabBarRedDot',
      'showTabBar',
      'hideTabBar',
      'setTabBarItem',
      'setTabBarStyle',
      'showShareMenu',
      'hideShareMenu',
      'hideKeyboard',
    ]) {
      this.async$(name)
    }
    this.async$('getClipboardData', () => ({ data: '' }))
    this.api.env = { USER_DATA_PATH: 'wxfile://usr' }
  }

  private installRequest() {
    this.define('request', (options: ApiOptions) => {
      const method = String(options.method ?? 'GET').toUpperCase()
      const header: Record<string, string> = {}
      for (const [k, v] of Object.entries((options.header as Record<string, unknown> | undefined) ?? {}))
        header[k] = String(v)
      const contentType = Object.entries(header).find(([k]) => k.toLowerCase() === 'content-type')?.[1]
      if (!contentType) header['content-type'] = 'application/json'
      let url = String(options.url ?? '')
      let body: string | undefined
      const data = options.data
      if (method === 'GET' || method === 'HEAD') {
        if (data && typeof data === 'object')
          url += (url.includes('?') ? '&' : '?') + toQuery(data as Record<string, unknown>)
      } else if (typeof data === 'string') {
        body = data
      } else if (data !== undefined && data !== null) {
        body = /x-www-form-urlencoded/i.test(contentType ?? '')
          ? toQuery(data as Record<string, unknown>)
          : JSON.stringify(data)
      }
      const timeout = Number(options.timeout) > 0 ? Number(options.timeout) : 60_000
      const wire: WireRequest = { url, method, header, body, timeout }
      const recorded: RecordedRequest = { ...wire, options: plain(options) as Record<string, unknown> }
      this.requests.push(recorded)
      let abort: (() => void) | undefined
      const aborted = new Promise<RequestOutcome>((resolve) => {
        abort = () => resolve({ fail: 'request:fail abort' })
      })
      this.deliver(
        'request',
        options,
        async () => {
          let timer: NodeJS.Timeout | undefined
          const timedOut = new Promise<RequestOutcome>((resolve) => {
            timer = setTimeout(() => resolve({ fail: 'request:fail timeout' }), timeout)
          })
          const answer = Promise.resolve()
            .then(() => this.requestHandler(wire))
            .catch((err: unknown) => ({ fail: `request:fail ${err instanceof Error ? err.message : String(err)}` }))
          const outcome = await Promise.race([answer, timedOut, aborted])
          clearTimeout(timer)
          recorded.outcome = outcome
          if ('fail' in outcome) throw new Error(outcome.fail)
          return {
            data: this.decodeBody(outcome.data, options),
            statusCode: outcome.statusCode,
            header: outcome.header ?? {},
            cookies: [],
          }
        },
        (value) => {
          // An ArrayBuffer cannot cross as JSON: rebuild it in the bundle's realm.
          if (options.responseType === 'arraybuffer')
            value.data = new this.sandbox.global.Uint8Array(value.data as number[]).buffer
        },
      )
      return {
        abort: () => abort?.(),
        onHeadersReceived() {},
        offHeadersReceived() {},
        onChunkReceived() {},
        offChunkReceived() {},
      }
    })
  }

  /** WeChat parses JSON when dataType is 'json' (the default) and keeps the text when parsing fails. */
  private decodeBody(text: string, options: ApiOptions): unknown {
    if (options.responseType === 'arraybuffer') return Array.from(new TextEncoder().encode(text))
    if ((options.dataType ?? 'json') !== 'json') return text
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }

  private installStorage() {
    const read = (key: string) => {
      const text = this.storage.get(String(key))
      return text === undefined ? undefined : (this.sandbox.clone(JSON.parse(text)) as unknown)
    }
    const write = (api: string, key: unknown, data: unknown) => {
      if (typeof key !== 'string' || key === '')
        throw new this.sandbox.global.Error(
          `${api}:fail parameter error: parameter.key should be String instead of ${typeof key};`,
        )
      const text = JSON.stringify(data === undefined ? null : data)
      if (text.length > 1024 * 1024) throw new this.sandbox.global.Error(`${api}:fail exceed storage item max length`)
      this.storage.set(key, text)
    }
    const info = () => ({
      keys: [...this.storage.keys()],
      currentSize: Math.ceil([...this.storage.values()].reduce((n, t) => n + t.length, 0) / 1024),
      limitSize: 10240,
    })
    this.define('setStorageSync', (key: unknown, data: unknown) => write('setStorageSync', key, data))
    this.define('getStorageSync', (key: string) => read(key) ?? '')
    this.define('removeStorageSync', (key: string) => void this.storage.delete(String(key)))
    this.define('clearStorageSync', () => this.storage.clear())
    this.define('getStorageInfoSync', () => this.sandbox.clone(info()))
    this.async$('setStorage', (o) => {
      write('setStorage', o.key, o.data)
      return {}
    })
    this.async$('getStorage', (o) => {
      const data = read(o.key as string)
      if (data === undefined) throw new Error('getStorage:fail data not found')
      return { data }
    })
    this.async$('removeStorage', (o) => {
      this.storage.delete(String(o.key))
      return {}
    })
    this.async$('clearStorage', () => {
      this.storage.clear()
      return {}
    })
    this.async$('getStorageInfo', info)
  }

  private installNavigation() {
    for (const kind of ['navigateTo', 'redirectTo', 'switchTab', 'reLaunch'] as const) {
      this.async$(kind, async (o) => {
        await this.navigation.navigate(kind, String(o.url ?? ''))
        return kind === 'navigateTo' ? { eventChannel: {} } : {}
      })
    }
    this.async$('navigateBack', async (o) => {
      await this.navigation.navigateBack(Number(o.delta) > 0 ? Number(o.delta) : 1)
      return {}
    })
  }

  private installUi() {
    this.async$('showToast', (o) => {
      const toast = { title: String(o.title ?? ''), icon: String(o.icon ?? 'success') }
      this.ui.toast = toast
      this.ui.toasts.push(toast)
      return {}
    })
    this.async$('hideToast', () => {
      this.ui.toast = null
      return {}
    })
    this.async$('showLoading', (o) => {
      this.ui.loading = String(o.title ?? '')
      return {}
    })
    this.async$('hideLoading', () => {
      this.ui.loading = null
      return {}
    })
    this.async$('showModal', (o) => {
      this.ui.modals.push(plain(o) as Record<string, unknown>)
      const answer = this.modalHandler(o)
      return {
        confirm: answer.confirm,
        cancel: !answer.confirm,
        ...(answer.content !== undefined ? { content: answer.content } : {}),
      }
    })
    this.async$('showActionSheet', (o) => {
      const index = this.actionSheetHandler((o.itemList as string[] | undefined) ?? [])
      if (index === null) throw new Error('showActionSheet:fail cancel')
      return { tapIndex: index }
    })
    this.async$('setNavigationBarTitle', (o) => {
      this.ui.navigationBarTitle = String(o.title ?? '')
      return {}
    })
  }
  /** Layout queries have nothing to measure here: they answer with no results, as for nodes not on screen. */
  private selectorQuery() {
    const query: Record<string, unknown> = {}
    const nodesRef = {
      boundingClientRect: () => query,
      scrollOffset: () => query,
      fields: () => query,
      node: () => query,
      context: () => query,
    }
    Object.assign(query, {
      in: () => query,
      select: () => nodesRef,
      selectAll: () => nodesRef,
      selectViewport: () => nodesRef,
      exec: (cb?: (res: unknown[]) => void) =>
        this.later('SelectorQuery.exec callback', () => cb?.(new this.sandbox.global.Array())),
    })
    return query
  }
}

function errMsgOf(api: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  return message.startsWith(`${api}:`) ? message : `${api}:fail ${message}`
}

function pick<T extends object, K extends keyof T>(obj: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, obj[k]])) as Pick<T, K>
}
