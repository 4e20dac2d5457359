/// <reference path="../../miniapp/src/global.d.ts" />
import { beforeEach, describe, expect, it, vi } from 'vitest'

/**
 * The two uploads (an office's CSV through wx.request, a household-register photo through wx.uploadFile) fail
 * the way every other call fails: one mapping in api/client.ts, not one per upload (issue 18).
 */
const taro = vi.hoisted(() => {
  const store = new Map<string, unknown>()
  return {
    store,
    request: vi.fn(),
    uploadFile: vi.fn(),
  }
})
vi.mock('@tarojs/taro', () => ({
  default: {
    getStorageSync: (k: string) => (taro.store.has(k) ? taro.store.get(k) : ''),
    setStorageSync: (k: string, v: unknown) => taro.store.set(k, v),
    removeStorageSync: (k: string) => taro.store.delete(k),
    eventCenter: { trigger: () => {}, on: () => {}, off: () => {} },
    request: taro.request,
    uploadFile: taro.uploadFile,
  },
}))

const expired = JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: '登录已过期，请重新登录。' } })
const answer = (statusCode: number, data: string) => ({ statusCode, data, header: {} })

async function signedIn() {
  ;(globalThis as { API_BASE?: string }).API_BASE = 'http://api.test'
  const { saveSession, currentSession } = await import('../../miniapp/src/lib/session')
  saveSession({
    token: 't0ken',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    user: { id: 'u1' },
  } as never)
  return currentSession
}

beforeEach(() => {
  taro.store.clear()
  taro.request.mockReset()
  taro.uploadFile.mockReset()
})

describe('the uploads fail as every call fails', () => {
  it('an expired sign-in during a CSV upload signs the office user out, so the page offers sign-in', async () => {
    const currentSession = await signedIn()
    taro.request.mockResolvedValue(answer(401, expired))
    const { uploadImport } = await import('../../miniapp/src/api/office')
    const outcome = await uploadImport(new ArrayBuffer(4), '名单.csv')
    expect(outcome).toMatchObject({
      kind: 'failed',
      error: { code: 'UNAUTHENTICATED', message: '登录已过期，请重新登录。' },
    })
    expect(currentSession()).toBeUndefined()
  })

  it('a refused CSV still lists its line-by-line problems under the server’s message', async () => {
    await signedIn()
    const refusal = {
      error: { code: 'IMPORT_REJECTED', message: '文件中有 1 处错误，整个文件都没有导入。' },
      errorCount: 1,
      errors: [{ line: 3, column: 'id_number', message: '第3行：身份证号不正确' }],
    }
    taro.request.mockResolvedValue(answer(422, JSON.stringify(refusal)))
    const { uploadImport } = await import('../../miniapp/src/api/office')
    expect(await uploadImport(new ArrayBuffer(4), 'a.csv')).toEqual({
      kind: 'rejected',
      message: '文件中有 1 处错误，整个文件都没有导入。',
      errorCount: 1,
      errors: refusal.errors,
    })
  })

  it('an expired sign-in during the household photo upload signs the resident out too', async () => {
    const currentSession = await signedIn()
    taro.uploadFile.mockResolvedValue(answer(401, expired))
    const { uploadHouseholdProof } = await import('../../miniapp/src/api/family')
    const r = await uploadHouseholdProof('fb_1', 'wxfile://photo.jpg')
    expect(r.ok ? null : r.error.message).toBe('登录已过期，请重新登录。')
    expect(currentSession()).toBeUndefined()
    expect(taro.uploadFile).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'file', header: { Authorization: 'Bearer t0ken' } }),
    )
  })

  it('the photo upload tells a lost connection from a failed server, as every call does', async () => {
    await signedIn()
    const { uploadHouseholdProof } = await import('../../miniapp/src/api/family')
    taro.uploadFile.mockRejectedValueOnce({ errMsg: 'uploadFile:fail timeout' })
    const timedOut = await uploadHouseholdProof('fb_1', 'wxfile://photo.jpg')
    expect(timedOut.ok ? null : timedOut.error.code).toBe('NETWORK_TIMEOUT')
    taro.uploadFile.mockResolvedValueOnce(answer(502, '<html>Bad gateway</html>'))
    const broken = await uploadHouseholdProof('fb_1', 'wxfile://photo.jpg')
    expect(broken.ok ? null : broken.error.message).toContain('服务暂时不可用')
  })
})
