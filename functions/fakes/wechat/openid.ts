/**
 * The fake's openid for a development sign-in name: stable across runs and machines, shaped like WeChat's
 * (28 characters, starting with `o`). scripts/grant-office.ts and the demo seed use it to name dev users.
 */
export async function fakeOpenid(name: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`canbao-fake-wechat:${name}`)),
  )
  let binary = ''
  for (const b of digest) binary += String.fromCharCode(b)
  return `o${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').slice(0, 27)}`
}

/** `dev:<name>`: letters (any script), digits, `_` and `-`, up to 32 characters. */
export const DEV_CODE = /^dev:([\p{L}\p{N}_-]{1,32})$/u
