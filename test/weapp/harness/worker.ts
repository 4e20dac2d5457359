import type { RequestHandler, RequestOutcome } from './wx'

/**
 * Answers wx.request from a real Worker (the local `wrangler dev`): the path and query the bundle asked for,
 * sent to `baseUrl`, whatever origin the build was compiled with (its API_BASE points at the deployed API).
 */
export function forwardTo(baseUrl: string): RequestHandler {
  return async (request) => {
    const asked = new URL(request.url)
    const response = await fetch(new URL(`${asked.pathname}${asked.search}`, baseUrl), {
      method: request.method,
      headers: request.header,
      body: request.body,
      redirect: 'manual',
    })
    const header: Record<string, string> = {}
    response.headers.forEach((value, name) => {
      header[name] = value
    })
    return { statusCode: response.status, header, data: await response.text() }
  }
}

/** What wx.request's fail callback carries when the phone has no connection (Android's wording). */
export const OFFLINE: RequestOutcome = {
  fail: 'request:fail errcode:-106 cronet_error_code:-106 error_msg:net::ERR_INTERNET_DISCONNECTED',
}
export const TIMED_OUT: RequestOutcome = { fail: 'request:fail timeout' }

/** Storage holding a session from the real Worker's dev sign-in, as the mini-program keeps it after 登录. */
export async function signedInStorage(baseUrl: string, devName: string): Promise<Map<string, string>> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: `dev:${devName}` }),
  })
  if (res.status !== 200) throw new Error(`dev sign-in as ${devName} answered ${res.status}: ${await res.text()}`)
  return new Map([['canbao.session', JSON.stringify(await res.json())]])
}
