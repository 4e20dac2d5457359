/// <reference path="../../miniapp/src/global.d.ts" />
import { beforeAll, describe, expect, it, vi } from 'vitest'

// client.ts reads the build-time API_BASE and stores sessions through Taro: neither matters to error mapping.
vi.mock('@tarojs/taro', () => ({
  default: {
    getStorageSync: () => '',
    setStorageSync: () => {},
    removeStorageSync: () => {},
    eventCenter: { trigger: () => {}, on: () => {}, off: () => {} },
    request: vi.fn(),
  },
}))
beforeAll(() => {
  ;(globalThis as { API_BASE?: string }).API_BASE = 'http://api.test'
})

const load = async () => {
  ;(globalThis as { API_BASE?: string }).API_BASE = 'http://api.test'
  return import('../../miniapp/src/api/client')
}
const reply = (status: number, text: string) => async () => ({
  ok: status < 300,
  status,
  json: async () => JSON.parse(text) as unknown,
})

describe('how a failed call reads', () => {
  it("reports a 5xx as the service, not the resident's network", async () => {
    const { callApi } = await load()
    const html = await callApi(reply(502, '<html>Bad gateway</html>'))
    expect(html.ok).toBe(false)
    if (!html.ok) {
      expect(html.error.code).toBe('SERVICE_UNAVAILABLE')
      expect(html.error.message).toContain('服务暂时不可用')
      expect(html.error.message).not.toContain('检查网络')
    }
    const empty = await callApi(reply(500, '{}'))
    if (!empty.ok) expect(empty.error.message).toContain('服务暂时不可用')
  })

  it('keeps our own error shape and its Chinese message', async () => {
    const { callApi } = await load()
    const r = await callApi(
      reply(409, JSON.stringify({ error: { code: 'FAMILY_NOT_PAYER', message: '没有查到您的职工医保个人账户。' } })),
    )
    expect(r.ok ? null : r.error).toMatchObject({
      code: 'FAMILY_NOT_PAYER',
      message: '没有查到您的职工医保个人账户。',
      status: 409,
    })
  })

  it('tells a lost connection, a timeout and a failed server apart', async () => {
    const { failureOf } = await load()
    const { NetworkFailure } = await import('../../miniapp/src/api/request')
    expect(failureOf(new NetworkFailure('offline', 'x')).message).toContain('网络连接失败')
    expect(failureOf(new NetworkFailure('timeout', 'x')).code).toBe('NETWORK_TIMEOUT')
    expect(failureOf(new NetworkFailure('server', 'x')).code).toBe('SERVICE_UNAVAILABLE')
  })
})
