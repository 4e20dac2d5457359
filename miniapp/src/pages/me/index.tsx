import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Picker, Switch, Text, View } from '@tarojs/components'
import { PREFECTURES, SERVED_PROVINCES, provinceNameZh, type ServedProvince } from '@canbao/shared/regions'
import { PageShell } from '../../components/PageShell'
import { devLoginCode, signInWithCode, signInWithWeChat } from '../../api/auth'
import { saveProfile } from '../../api/profile'
import type { ClientError } from '../../api/client'
import { useElderMode } from '../../lib/elder'
import { clearSession, useSession, type Session } from '../../lib/session'
import './index.css'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'

export default function MePage() {
  const [elder, setElder] = useElderMode()
  const session = useSession()
  return (
    <PageShell id='me-page'>
      {session ? <Account session={session} /> : <SignIn />}
      {session?.user.profile && (
        <View className='card' id='me-records'>
          <View className='card-title'>我的参保年度</View>
          <Text className='muted'>填写以前每年是否参保、哪天缴费，首页才能算出您的限额和等待期。</Text>
          <Button id='go-records' className='choice' onClick={() => void Taro.navigateTo({ url: '/packages/records/index' })}>
            填写或查看参保年度
          </Button>
        </View>
      )}
      <View className='card'>
        <View className='switch-row'>
          <View>
            <View className='card-title'>大字模式</View>
            <Text className='muted'>字更大、颜色更清楚、按钮更好点</Text>
          </View>
          <Switch id='elder-mode-switch' checked={elder} onChange={(e) => setElder(e.detail.value)} />
        </View>
      </View>
    </PageShell>
  )
}

function SignIn() {
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ClientError | null>(null)

  const run = async (attempt: () => ReturnType<typeof signInWithWeChat>) => {
    setBusy(true)
    setError(null)
    const result = await attempt()
    setBusy(false)
    if (!result.ok) setError(result.error)
  }

  return (
    <View className='card' id='sign-in'>
      <View className='card-title'>登录</View>
      <Text className='muted'>登录后可以查看和保存您的参保记录。我们只保存您填写的信息，身份证号加密存储。</Text>
      {IS_WEAPP ? (
        <Button id='wechat-login' className='button-primary' loading={busy} disabled={busy} onClick={() => void run(signInWithWeChat)}>
          微信一键登录
        </Button>
      ) : (
        <View>
          <View className='field-label'>本地开发登录：输入一个名字（如 zhang-sc）</View>
          <Input id='dev-login-name' className='text-input' value={name} placeholder='演示用户名' onInput={(e) => setName(e.detail.value)} />
          <Button id='dev-login' className='button-primary' loading={busy} disabled={busy || !name.trim()} onClick={() => void run(() => signInWithCode(devLoginCode(name)))}>
            登录
          </Button>
        </View>
      )}
      {error && <View id='sign-in-error' className='error-text'>{error.message}</View>}
    </View>
  )
}

function Account({ session }: { session: Session }) {
  const profile = session.user.profile
  const [editing, setEditing] = useState(!profile)
  return (
    <View>
      <View className='card' id='account'>
        <View className='card-title'>{profile ? profile.name : '已登录'}</View>
        {profile ? (
          <View id='profile-summary'>
            <View>身份证号：<Text id='profile-id-masked'>{profile.idNumberMasked}</Text></View>
            <View>参保地：{profile.provinceNameZh}{profile.regionNameZh ? ` ${profile.regionNameZh}` : ''}</View>
            <View className='muted'>出生日期：{profile.birthDate}</View>
          </View>
        ) : (
          <Text className='muted'>请填写参保人信息，用于查询您的参保状态。</Text>
        )}
        {session.user.role === 'office' && session.user.office && (
          <View>
            <View className='muted'>医保经办人员：{session.user.office.scopeNameZh}</View>
            <Button id='go-office' className='button-primary' onClick={() => void Taro.navigateTo({ url: '/packages/office/index' })}>
              经办工作台：导入参保记录
            </Button>
          </View>
        )}
        <View className='choice-row'>
          {profile && !editing && <Button id='profile-edit' className='choice' onClick={() => setEditing(true)}>修改信息</Button>}
          <Button id='sign-out' className='choice' onClick={() => clearSession()}>退出登录</Button>
        </View>
      </View>
      {editing && <ProfileForm session={session} onDone={() => setEditing(false)} />}
    </View>
  )
}

function ProfileForm({ session, onDone }: { session: Session; onDone: () => void }) {
  const existing = session.user.profile
  const [name, setName] = useState(existing?.name ?? '')
  const [idNumber, setIdNumber] = useState('')
  const [province, setProvince] = useState<ServedProvince>(existing?.province ?? '51')
  const [region, setRegion] = useState<string | null>(existing?.region ?? null)
  const [busy, setBusy] = useState(false)
  const [errors, setErrors] = useState<string[]>([])
  const prefectures = PREFECTURES[province]

  const submit = async () => {
    setBusy(true)
    setErrors([])
    const result = await saveProfile({ name: name.trim(), idNumber: idNumber.trim().toUpperCase(), province, ...(region ? { region } : {}) })
    setBusy(false)
    if (result.ok) {
      onDone()
      return
    }
    const issues = result.error.issues
    setErrors(issues?.length ? issues.map((i) => i.message) : [result.error.message])
  }

  return (
    <View className='card' id='profile-form'>
      <View className='card-title'>参保人信息</View>
      <View className='field-label'>姓名</View>
      <Input id='profile-name' className='text-input' value={name} onInput={(e) => setName(e.detail.value)} />
      <View className='field-label'>身份证号（18位）</View>
      <Input id='profile-id' className='text-input' type='idcard' maxlength={18} value={idNumber} placeholder={existing ? `已保存 ${existing.idNumberMasked}，修改时请完整填写` : ''} onInput={(e) => setIdNumber(e.detail.value)} />
      <View className='field-label'>参保省份</View>
      <View className='choice-row'>
        {SERVED_PROVINCES.map((code) => (
          <Button key={code} id={`profile-province-${code}`} className={code === province ? 'choice choice-on' : 'choice'} onClick={() => { setProvince(code); setRegion(null) }}>
            {(provinceNameZh(code) ?? code).replace(/省$/, '')}
          </Button>
        ))}
      </View>
      <View className='field-label'>参保地区（可不选）</View>
      <Picker mode='selector' range={['不选择', ...prefectures.map((p) => p.nameZh)]} value={region ? prefectures.findIndex((p) => p.code === region) + 1 : 0} onChange={(e) => { const i = Number(e.detail.value); setRegion(i === 0 ? null : prefectures[i - 1]?.code ?? null) }}>
        <View id='profile-region' className='picker-value'>{region ? prefectures.find((p) => p.code === region)?.nameZh : '不选择'} ▾</View>
      </Picker>
      {errors.map((message) => (
        <View key={message} className='error-text issue-line profile-error'>{message}</View>
      ))}
      <Button id='profile-save' className='button-primary' loading={busy} disabled={busy || !name.trim() || idNumber.trim().length === 0} onClick={() => void submit()}>
        保存
      </Button>
    </View>
  )
}
