import { describe, expect, it } from 'vitest'
import type { ApiResult, ClientError } from '../../miniapp/src/api/client'
import { createLoader, phaseError, shownData, type Phase } from '../../miniapp/src/lib/load'

const offline: ClientError = { code: 'NETWORK_OFFLINE', message: '网络连接失败，请检查网络后点“重试”。', status: null }

/** A load whose answers the test hands out one by one, in any order. */
function controlled<T>() {
  const waiting: ((r: ApiResult<T>) => void)[] = []
  return {
    load: () => new Promise<ApiResult<T>>((resolve) => waiting.push(resolve)),
    answer: (i: number, r: ApiResult<T>) => waiting[i]?.(r),
  }
}
const flush = () => new Promise((r) => setTimeout(r, 0))

function loaderOf<T>(load: () => Promise<ApiResult<T>>, initial?: () => T | undefined) {
  const seen: Phase<T>[] = []
  const loader = createLoader({ load, initial, onChange: (s) => seen.push(s) })
  return { loader, seen }
}

describe('the one data-loading state', () => {
  it('shows the stored copy while the first answer is on its way, then the answer', async () => {
    const net = controlled<string>()
    const { loader } = loaderOf(net.load, () => '昨天的状态')
    const done = loader.run(true)
    expect(loader.state).toEqual({ phase: 'loading', data: '昨天的状态' })
    net.answer(0, { ok: true, data: '今天的状态' })
    await done
    expect(loader.state).toEqual({ phase: 'ready', data: '今天的状态' })
  })

  it('without anything stored, a failure is the error alone; with it, the old data stays beside it', async () => {
    const empty = loaderOf(async (): Promise<ApiResult<string>> => ({ ok: false, error: offline }))
    await empty.loader.run(true)
    expect(empty.loader.state).toEqual({ phase: 'failed', error: offline })
    expect(shownData(empty.loader.state)).toBeUndefined()

    let calls = 0
    const kept = loaderOf(
      async (): Promise<ApiResult<string>> =>
        calls++ === 0 ? { ok: true, data: '成员列表' } : { ok: false, error: offline },
    )
    await kept.loader.run(true)
    await kept.loader.run()
    expect(kept.loader.state).toEqual({ phase: 'stale', data: '成员列表', error: offline })
    expect(phaseError(kept.loader.state)?.message).toContain('网络连接失败')
  })

  it('keeps the page filled while reloading instead of blanking it', async () => {
    let n = 0
    const { loader, seen } = loaderOf(async (): Promise<ApiResult<number>> => ({ ok: true, data: ++n }))
    await loader.run(true)
    await loader.run()
    expect(seen).toEqual([
      { phase: 'loading' },
      { phase: 'ready', data: 1 },
      { phase: 'loading', data: 1 },
      { phase: 'ready', data: 2 },
    ])
  })

  it('lets only the newest ask decide: a slow older answer never overwrites it', async () => {
    const net = controlled<string>()
    const { loader } = loaderOf(net.load)
    const first = loader.run(true)
    const second = loader.run(true)
    net.answer(1, { ok: true, data: '李四的家庭' })
    net.answer(0, { ok: true, data: '张三的家庭' })
    await Promise.all([first, second])
    expect(loader.state).toEqual({ phase: 'ready', data: '李四的家庭' })
  })

  it('a reset (another user) forgets what was shown; a cancel (page gone) drops what is still coming', async () => {
    const net = controlled<string>()
    const { loader, seen } = loaderOf(net.load)
    loader.replace('张三的提醒')
    void loader.run(true)
    expect(loader.state).toEqual({ phase: 'loading' })
    loader.cancel()
    net.answer(0, { ok: true, data: '晚到的答复' })
    await flush()
    expect(seen.at(-1)).toEqual({ phase: 'loading' })
  })

  it('shows an answer that came another way at once, and drops the ask it overtook', async () => {
    const net = controlled<string>()
    const { loader } = loaderOf(net.load)
    const pending = loader.run(true)
    loader.replace('开关之后的提醒')
    net.answer(0, { ok: true, data: '开关之前的提醒' })
    await pending
    expect(loader.state).toEqual({ phase: 'ready', data: '开关之后的提醒' })
  })
})
