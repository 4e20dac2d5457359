import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import type { HealthResponse } from '@canbao/shared'
import { fetchHealth } from '../../api/health'
import type { ClientError } from '../../api/client'
import { PageShell } from '../../components/PageShell'
import { useSession } from '../../lib/session'
import { StatusCard } from './StatusCard'
import './index.css'

type HealthState =
  | { phase: 'loading' }
  | { phase: 'ready'; health: HealthResponse }
  | { phase: 'failed'; error: ClientError }

export default function HomePage() {
  const session = useSession()
  const hasProfile = Boolean(session?.user.profile)

  return (
    <PageShell id='home-page'>
      {session && hasProfile ? (
        <StatusCard session={session} />
      ) : (
        <View className='card' id='status-signed-out'>
          <View className='card-title'>参保助手</View>
          <Text className='muted'>
            {session ? '请先在“我的”里填写参保人信息，就能看到您今年和明年的参保状态。' : '登录后查看您今年和明年的参保状态、大病保险限额和待遇等待期。'}
          </Text>
          <Button id='go-me' className='button-primary' onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}>
            {session ? '填写参保人信息' : '去登录'}
          </Button>
        </View>
      )}

      <View className='card'>
        <View className='choice-row'>
          <Button id='go-calculator' className='choice' onClick={() => void Taro.switchTab({ url: '/pages/calculator/index' })}>
            算一算我的待遇
          </Button>
          <Button id='go-policy' className='choice' onClick={() => void Taro.navigateTo({ url: '/packages/policy/index' })}>
            看政策原文
          </Button>
        </View>
      </View>

      <ServiceStatus />
    </PageShell>
  )
}

function ServiceStatus() {
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
      {state.phase === 'loading' && <Text id='health-loading' className='muted'>正在连接服务…</Text>}
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
