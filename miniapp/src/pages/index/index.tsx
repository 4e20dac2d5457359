import Taro from '@tarojs/taro'
import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { PageShell } from '../../components/PageShell'
import { ServiceStatus } from '../../components/ServiceStatus'
import { useSession } from '../../lib/session'
import { StatusCard } from './StatusCard'
import './index.css'

export default function HomePage() {
  const session = useSession()
  const hasProfile = Boolean(session?.user.profile)
  // While the service is down nothing the page could ask it is known: only the error and 重试 are shown,
  // not a "fill in your details" prompt that a registered user would read as "register again" (review 48).
  const [serviceDown, setServiceDown] = useState(false)

  return (
    <PageShell id='home-page'>
      {session && hasProfile ? (
        <StatusCard session={session} />
      ) : serviceDown ? null : (
        <View className='card' id='status-signed-out'>
          <View className='card-title'>参保助手</View>
          <Text className='muted'>
            {session
              ? '请先在“我的”里填写参保人信息，就能看到您今年和明年的参保状态。'
              : '登录后查看您今年和明年的参保状态、大病保险限额和待遇等待期。'}
          </Text>
          <Button id='go-me' className='button-primary' onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}>
            {session ? '填写参保人信息' : '去登录'}
          </Button>
        </View>
      )}

      <View className='card'>
        <View className='choice-row'>
          <Button
            id='go-calculator'
            className='choice'
            onClick={() => void Taro.switchTab({ url: '/pages/calculator/index' })}
          >
            算一算我的待遇
          </Button>
          <Button
            id='go-policy'
            className='choice'
            onClick={() => void Taro.navigateTo({ url: '/packages/policy/index' })}
          >
            看政策原文
          </Button>
        </View>
      </View>

      {/* Service health is for the office staff who run things, not a resident's concern. */}
      {session?.user.role === 'office' && <ServiceStatus onDown={setServiceDown} />}
    </PageShell>
  )
}
