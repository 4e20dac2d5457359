/**
 * Keys for local development only, published here on purpose: the demo seed (functions/seed/demo.sql)
 * stores synthetic ID numbers encrypted and hashed with them, so `npm start` works on any machine with
 * the generated `.dev.vars`. They are SHA-256 of the strings `canbao-dev-only:id-encryption` and
 * `canbao-dev-only:id-lookup-hash`. A Worker in `real` WeChat mode refuses to run with them.
 */
export const DEV_ID_ENC_KEY = '6yVzj5NmcaSzlljaGIe0lJ1nqxIRbI50g5z/LmoR8bA='
export const DEV_ID_HASH_KEY = 'kI4hYqqCsZyp+v5NRgpq3TmftYHqv8dGDJixWIyhqq0='

/** The fake WeChat's app credentials; the real ones are a Worker var (appid) and a secret. */
export const FAKE_WECHAT_APPID = 'wx00canbaolocal000'
export const FAKE_WECHAT_SECRET = 'canbao-fake-wechat-secret-for-local-dev'
