import { useEffect } from 'react'
import { Button, Text, View } from '@tarojs/components'
import type { HealthResponse } from '@canbao/shared'
import { fetchHealth } from '../api/health'
import { phaseError, shownData, useLoad } from '../lib/load'

/**
 * The Worker's health (version, database latency): shown to office users only.
 * `onDown` tells the page whether the newest check failed, so it can hide prompts that depend on the
 * service (e.g. "fill in your details") while nobody knows what the service would say.
 */
export function ServiceStatus({ onDown }: { onDown?: (down: boolean) => void } = {}) {
  const { state, reload } = useLoad(fetchHealth)
  const health = shownData(state)
  const error = phaseError(state)
  const down = error !== null
  useEffect(() => onDown?.(down), [down, onDown])

  return (
    <View className='card' id='service-status'>
      <View className='card-title'>服务状态</View>
      {state.phase === 'loading' && !health && (
        <Text id='health-loading' className='muted'>
          正在连接服务…
        </Text>
      )}
      {health && <HealthSummary health={health} />}
      {error && (
        <View>
          <Text id='health-error' className='error-text'>
            {error.message}
          </Text>
          <Button id='health-retry' className='button-primary' onClick={() => void reload()}>
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
