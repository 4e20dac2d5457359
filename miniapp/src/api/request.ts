import Taro from '@tarojs/taro'

/**
 * The one way the mini-program talks to the API. WeChat has no fetch, so this adapts
 * Taro.request (wx.request on WeChat, fetch on H5) to the fetch signature hono/client expects.
 */

export const REQUEST_TIMEOUT_MS = 15_000

/** `server`: the request reached a server that failed (5xx) before any readable answer came back. */
export type NetworkFailureKind = 'timeout' | 'offline' | 'server'

export class NetworkFailure extends Error {
  constructor(
    readonly kind: NetworkFailureKind,
    detail: string,
  ) {
    super(detail)
  }
}

type HeaderSource = { forEach(cb: (value: string, name: string) => void): void } | Record<string, string> | undefined

function headersToRecord(source: HeaderSource): Record<string, string> {
  const out: Record<string, string> = {}
  if (!source) return out
  if (typeof (source as { forEach?: unknown }).forEach === 'function') {
    ;(source as { forEach(cb: (value: string, name: string) => void): void }).forEach((value, name) => {
      out[name] = value
    })
  } else {
    Object.assign(out, source)
  }
  return out
}

function lowerCaseKeys(headers: Record<string, unknown> | undefined): Map<string, string> {
  const map = new Map<string, string>()
  for (const [name, value] of Object.entries(headers ?? {})) map.set(name.toLowerCase(), String(value))
  return map
}

/** Minimal Response: what hono/client and our callers read, nothing more. */
export interface TaroResponse {
  ok: boolean
  status: number
  headers: { get(name: string): string | null }
  text(): Promise<string>
  json(): Promise<unknown>
}

export async function taroFetch(
  input: string | URL,
  init?: { method?: string; headers?: HeaderSource; body?: unknown },
): Promise<TaroResponse> {
  const url = typeof input === 'string' ? input : input.toString()
  let result: Taro.request.SuccessCallbackResult<string>
  try {
    result = await Taro.request<string>({
      url,
      method: (init?.method ?? 'GET').toUpperCase() as keyof Taro.request.Method,
      header: headersToRecord(init?.headers),
      // Strings (JSON) and raw bytes (a CSV upload) pass through; nothing else is sent as a body.
      data: typeof init?.body === 'string' || init?.body instanceof ArrayBuffer ? init.body : undefined,
      // Keep the raw text: hono/client parses it, and error bodies may not be JSON.
      dataType: 'text',
      responseType: 'text',
      timeout: REQUEST_TIMEOUT_MS,
    })
  } catch (err) {
    throw networkFailureOf(err)
  }
  return responseOf(result.statusCode, result.data, result.header as Record<string, unknown>)
}

/** What a failed Taro.request or Taro.uploadFile threw, as the one NetworkFailure the client maps. */
function networkFailureOf(err: unknown): NetworkFailure {
  const detail = (err as { errMsg?: string; message?: string })?.errMsg ?? (err as Error)?.message ?? String(err)
  // Taro H5 keeps the status of a response whose body could not be read: a server failure, not the network.
  const status = (err as { statusCode?: unknown } | null)?.statusCode
  if (typeof status === 'number' && status >= 500) return new NetworkFailure('server', detail)
  return new NetworkFailure(/timeout|超时/i.test(detail) ? 'timeout' : 'offline', detail)
}

function responseOf(statusCode: number, data: unknown, header: Record<string, unknown> | undefined): TaroResponse {
  const text = typeof data === 'string' ? data : JSON.stringify(data ?? '')
  const headers = lowerCaseKeys(header)
  return {
    ok: statusCode >= 200 && statusCode < 300,
    status: statusCode,
    headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
    text: async () => text,
    json: async () => JSON.parse(text) as unknown,
  }
}

/**
 * A file from the phone (a photo), sent as multipart field `file`: wx.request cannot send files, so this is
 * Taro.uploadFile (wx.uploadFile; a form post on H5), answering and failing as taroFetch does.
 */
export async function taroUpload(url: string, filePath: string, header: Record<string, string>): Promise<TaroResponse> {
  let result: Taro.uploadFile.SuccessCallbackResult
  try {
    result = await Taro.uploadFile({ url, filePath, name: 'file', header, timeout: REQUEST_TIMEOUT_MS })
  } catch (err) {
    throw networkFailureOf(err)
  }
  return responseOf(result.statusCode, result.data, undefined)
}
