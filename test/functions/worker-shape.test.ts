import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../functions/src/lib/errors'
import { toHex } from '../../functions/src/lib/hex'
import { checkBackoffMs } from '../../functions/src/family/payments'
import { platformFromEnv } from '../../functions/src/platform/index'
import { backoffSeconds } from '../../functions/src/reminders/config'

describe('the deployed Worker carries no fake (issue 18)', () => {
  it('fake platform mode with nothing bound to PLATFORM_API fails closed rather than making its own fake', async () => {
    const { PLATFORM_API: _bound, ...unbound } = env as unknown as Record<string, unknown>
    expect(() => platformFromEnv({ ...unbound, PLATFORM_MODE: 'fake' } as never)).toThrow(ApiError)
    // the bound fake (here, the tests' one from vitest.config.ts) is still what fake mode talks to
    const account = await platformFromEnv(env as never).lookupAccount('110101199001011237')
    expect(account).toHaveProperty('accountNo')
  })
})

describe('one backoff formula for every retry', () => {
  it('reminder sends: 10 s doubling to 10 minutes, spread ±25 %', () => {
    expect([1, 2, 3, 7, 8, 20].map((n) => backoffSeconds(n, () => 0.5))).toEqual([10, 20, 40, 600, 600, 600])
    expect(backoffSeconds(1, () => 0)).toBe(8)
    expect(backoffSeconds(8, () => 0.999_999)).toBe(750)
  })

  it('payment checks: 1 minute doubling to an hour, no spread', () => {
    expect([0, 1, 5, 6, 30].map(checkBackoffMs)).toEqual([60_000, 120_000, 1_920_000, 3_600_000, 3_600_000])
  })
})

describe('hex', () => {
  it('two lowercase digits per byte, leading zeros kept', () => {
    expect(toHex(new Uint8Array([0, 1, 15, 16, 171, 255]))).toBe('00010f10abff')
    expect(toHex(new Uint8Array())).toBe('')
  })
})
