import { useCallback, useEffect, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import type { HealthResponse } from '@canbao/shared'
import { fetchHealth } from '../api/health'
import type { ClientError } from '../api/client'

type HealthState =
  | { phase: 'loading' }
  | { phase: 'ready'; health: HealthResponse }
  | { phase: 'failed'; error: ClientError }

/** The Worker's health (version, database latency): shown to office users only. */
export function ServiceStatus() {
  const [state, setState] = useState<HealthState>({ phase: 'loading' })

  const load = useCallback(async () => {
    setState({ phase: 'loading' })
    const result = await fetchHealth()
    setState(result.ok ? { phase: 'ready', health: result.data } : { phase: 'failed', error: result.error })
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  return (
    <View className='card' id='service-status'>
      <View className='card-title'>服务状态</View>
      {state.phase === 'loading' && (
        <Text id='health-loading' className='muted'>
          正在连接服务…
        </Text>
      )}
      {state.phase === 'ready' && <HealthSummary health={state.health} />}
      {state.phase === 'failed' && (
        <View>
          <Text id='health-error' className='error-text'>
            {state.error.message}
          </Text>
          <Button id='health-retry' className='button-primary' onClick={() => void load()}>
            重试
          </Button>
        </View>
      )}
    </View>
  )
}

function HealthSummary({ health }: { health: HealthResponse }) {
  return (
    <View id='health-status'>
      <View className={health.db.ok ? 'ok-text' : 'error-text'}>
        {health.db.ok ? '服务正常，数据库已连接' : '服务可用，但数据库暂时没有响应'}
      </View>
      <View className='muted'>版本 {health.version}</View>
      {health.db.latencyMs !== null && <View className='muted'>数据库响应 {health.db.latencyMs} 毫秒</View>}
    </View>
  )
}
