import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Checkbox, CheckboxGroup, Input, Picker, Switch, Text, View } from '@tarojs/components'
import { SENSITIVE_PI_CONSENT_TEXT, SENSITIVE_PI_CONSENT_VERSION } from '@canbao/shared/api/identity'
import { PREFECTURES, SERVED_PROVINCES, provinceNameZh, type ServedProvince } from '@canbao/shared/regions'
import { PageShell } from '../../components/PageShell'
import { devLoginCode, signInWithCode, signInWithWeChat } from '../../api/auth'
import { saveProfile } from '../../api/profile'
import type { ClientError } from '../../api/client'
import { useElderMode } from '../../lib/elder'
import { dateText } from '../../lib/format'
import { useSession, type Session } from '../../lib/session'
import {
  copyText,
  deleteAccount,
  dismissNotices,
  exportMyData,
  finishVerification,
  refreshMe,
  requestFacialVerify,
  signOut,
  startVerification,
} from '../../api/identity'
import {
  DELETE_CONFIRM,
  ELDER_MODE_HINT_ZH,
  editEndsVerification,
  exportFileName,
  exportSummary,
  noticesOf,
  profileFormBlockers,
  verificationPlan,
  verificationStatus,
} from './model'
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
          <Button
            id='go-records'
            className='choice'
            onClick={() => void Taro.navigateTo({ url: '/packages/records/index' })}
          >
            填写或查看参保年度
          </Button>
        </View>
      )}
      <View className='card'>
        <View className='switch-row'>
          <View>
            <View className='card-title'>大字模式</View>
            <Text className='muted'>{ELDER_MODE_HINT_ZH}</Text>
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
        <Button
          id='wechat-login'
          className='button-primary'
          loading={busy}
          disabled={busy}
          onClick={() => void run(signInWithWeChat)}
        >
          微信一键登录
        </Button>
      ) : (
        <View>
          <View className='field-label'>网页演示版：输入一个名字即可登录（例如 zhangsan）</View>
          <Input
            id='dev-login-name'
            className='text-input'
            value={name}
            placeholder='名字'
            onInput={(e) => setName(e.detail.value)}
          />
          <Button
            id='dev-login'
            className='button-primary'
            loading={busy}
            disabled={busy || !name.trim()}
            onClick={() => void run(() => signInWithCode(devLoginCode(name)))}
          >
            登录
          </Button>
        </View>
      )}
      {error && (
        <View id='sign-in-error' className='error-text'>
          {error.message}
        </View>
      )}
    </View>
  )
}

function Account({ session }: { session: Session }) {
  const profile = session.user.profile
  const [editing, setEditing] = useState(!profile)
  // Verification and notices change on the server (a face check elsewhere, a takeover): ask on every visit.
  useEffect(() => {
    void refreshMe()
  }, [])
  return (
    <View>
      <Notices session={session} />
      <View className='card' id='account'>
        <View className='card-title'>{profile ? profile.name : '已登录'}</View>
        {profile ? (
          <View id='profile-summary'>
            <View>
              身份证号：<Text id='profile-id-masked'>{profile.idNumberMasked}</Text>
            </View>
            <View>
              参保地：{profile.provinceNameZh}
              {profile.regionNameZh ? ` ${profile.regionNameZh}` : ''}
            </View>
            <View className='muted'>出生日期：{dateText(profile.birthDate)}</View>
          </View>
        ) : (
          <Text className='muted'>请填写参保人信息，用于查询您的参保状态。</Text>
        )}
        {session.user.role === 'office' && session.user.office && (
          <View>
            <View className='muted'>医保经办人员：{session.user.office.scopeNameZh}</View>
            <Button
              id='go-office'
              className='button-primary'
              onClick={() => void Taro.navigateTo({ url: '/packages/office/index' })}
            >
              经办工作台：导入参保记录
            </Button>
          </View>
        )}
        <View className='choice-row'>
          {profile && !editing && (
            <Button id='profile-edit' className='choice' onClick={() => setEditing(true)}>
              修改信息
            </Button>
          )}
          <Button id='sign-out' className='choice' onClick={() => void signOut()}>
            退出登录
          </Button>
        </View>
      </View>
      {editing && <ProfileForm session={session} onDone={() => setEditing(false)} />}
      {session.user.role !== 'office' && <Verification session={session} />}
      <MyData />
    </View>
  )
}

function Notices({ session }: { session: Session }) {
  const notices = noticesOf(session.user)
  if (notices.length === 0) return null
  return (
    <View className='card notice-card' id='account-notices'>
      <View className='card-title'>账号通知</View>
      {notices.map((n) => (
        <View key={`${n.kind}-${n.createdAt}`} className='notice-text'>
          {n.messageZh}
        </View>
      ))}
      <Button id='notices-dismiss' className='choice' onClick={() => void dismissNotices()}>
        我知道了
      </Button>
    </View>
  )
}

const PLATFORM = IS_WEAPP ? 'weapp' : 'h5'

function Verification({ session }: { session: Session }) {
  const status = verificationStatus(session.user.profile)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)

  const verify = async () => {
    setBusy(true)
    setMessage(null)
    const started = await startVerification()
    if (!started.ok) {
      setBusy(false)
      setMessage({ text: started.error.message, error: true })
      return
    }
    const plan = verificationPlan(started.data, PLATFORM)
    if (plan.kind === 'unavailable') {
      setBusy(false)
      setMessage({ text: plan.message, error: true })
      return
    }
    if (plan.kind === 'wechat-face') {
      const face = await requestFacialVerify(started.data.verifyId)
      if (!face.ok) {
        setBusy(false)
        setMessage({ text: face.message, error: true })
        return
      }
    }
    const done = await finishVerification(started.data.verifyId)
    setBusy(false)
    if (done.ok)
      setMessage({ text: plan.kind === 'simulated' ? `实名认证成功。${plan.note}` : '实名认证成功。', error: false })
    else setMessage({ text: done.error.message, error: true })
  }

  return (
    <View className='card' id='verification'>
      <View className='switch-row'>
        <View className='card-title'>实名认证</View>
        <Text id='verification-badge' className={status.verified ? 'badge badge-ok' : 'badge badge-todo'}>
          {status.label}
        </Text>
      </View>
      <View className='muted' id='verification-detail'>
        {status.detail}
      </View>
      {status.unlocks.map((line) => (
        <View key={line} className='unlock-line'>
          · {line}
        </View>
      ))}
      {status.canStart && (
        <Button
          id='verify-start'
          className='button-primary'
          {...(busy ? { disabled: true, loading: true } : {})}
          onClick={() => void verify()}
        >
          去实名认证
        </Button>
      )}
      {message && (
        <View id='verification-message' className={message.error ? 'error-text' : 'ok-text'}>
          {message.text}
        </View>
      )}
    </View>
  )
}

function MyData() {
  const [busy, setBusy] = useState<'export' | 'delete' | null>(null)
  const [summary, setSummary] = useState<string[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  const runExport = async () => {
    setBusy('export')
    setError(null)
    const result = await exportMyData()
    setBusy(null)
    if (!result.ok) {
      setError(result.error.message)
      return
    }
    const text = JSON.stringify(result.data, null, 2)
    setSummary(exportSummary(result.data))
    if (IS_WEAPP) {
      await copyText(text).catch(() => undefined)
    } else {
      // H5: a file download; the WeChat client has no downloads folder, so there the JSON goes to the clipboard.
      const link = document.createElement('a')
      link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
      link.download = exportFileName(Date.now())
      link.click()
      URL.revokeObjectURL(link.href)
    }
  }

  const runDelete = async () => {
    const answer = await Taro.showModal({ ...DELETE_CONFIRM, confirmColor: '#c0392b' })
    if (!answer.confirm) return
    setBusy('delete')
    setError(null)
    const result = await deleteAccount()
    setBusy(null)
    if (!result.ok) setError(result.error.message)
    else void Taro.showToast({ title: '已注销', icon: 'success' })
  }

  return (
    <View className='card' id='my-data'>
      <View className='card-title'>我的数据</View>
      <Text className='muted'>您可以随时导出我们保存的关于您的全部信息，或注销账号删除这些信息。</Text>
      <View className='choice-row'>
        {/* Taro's H5 button shows as disabled whenever the prop is present, even false: pass it only while busy. */}
        <Button
          id='export-data'
          className='choice'
          {...(busy ? { disabled: true, loading: busy === 'export' } : {})}
          onClick={() => void runExport()}
        >
          导出我的数据
        </Button>
        <Button
          id='delete-account'
          className='choice choice-danger'
          {...(busy ? { disabled: true, loading: busy === 'delete' } : {})}
          onClick={() => void runDelete()}
        >
          注销账号
        </Button>
      </View>
      {summary && (
        <View id='export-summary'>
          <View className='ok-text'>{IS_WEAPP ? '已导出并复制到剪贴板，可以粘贴保存。' : '已导出，文件已下载。'}</View>
          {summary.map((line) => (
            <View key={line} className='muted'>
              {line}
            </View>
          ))}
        </View>
      )}
      {error && (
        <View id='my-data-error' className='error-text'>
          {error}
        </View>
      )}
    </View>
  )
}

function ProfileForm({ session, onDone }: { session: Session; onDone: () => void }) {
  const existing = session.user.profile
  const [name, setName] = useState(existing?.name ?? '')
  const [idNumber, setIdNumber] = useState('')
  const [province, setProvince] = useState<ServedProvince>(existing?.province ?? '51')
  const [region, setRegion] = useState<string | null>(existing?.region ?? null)
  const [consent, setConsent] = useState(false)
  const [busy, setBusy] = useState(false)
  const [errors, setErrors] = useState<string[]>([])
  const prefectures = PREFECTURES[province]
  const blockers = profileFormBlockers({ name, idNumber, consent })

  const submit = async () => {
    setBusy(true)
    setErrors([])
    const result = await saveProfile({
      name: name.trim(),
      idNumber: idNumber.trim().toUpperCase(),
      province,
      ...(region ? { region } : {}),
      sensitiveConsent: { version: SENSITIVE_PI_CONSENT_VERSION },
    })
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
      <Input
        id='profile-id'
        className='text-input'
        type='idcard'
        maxlength={18}
        value={idNumber}
        placeholder={existing ? `已保存 ${existing.idNumberMasked}，修改时请完整填写` : ''}
        onInput={(e) => setIdNumber(e.detail.value)}
      />
      <View className='field-label'>参保省份</View>
      <View className='choice-row'>
        {SERVED_PROVINCES.map((code) => (
          <Button
            key={code}
            id={`profile-province-${code}`}
            className={code === province ? 'choice choice-on' : 'choice'}
            onClick={() => {
              setProvince(code)
              setRegion(null)
            }}
          >
            {(provinceNameZh(code) ?? code).replace(/省$/, '')}
          </Button>
        ))}
      </View>
      <View className='field-label'>参保地区（可不选）</View>
      <Picker
        mode='selector'
        range={['不选择', ...prefectures.map((p) => p.nameZh)]}
        value={region ? prefectures.findIndex((p) => p.code === region) + 1 : 0}
        onChange={(e) => {
          const i = Number(e.detail.value)
          setRegion(i === 0 ? null : (prefectures[i - 1]?.code ?? null))
        }}
      >
        <View id='profile-region' className='picker-value'>
          {region ? prefectures.find((p) => p.code === region)?.nameZh : '不选择'} ▾
        </View>
      </Picker>
      <View className='field-label'>敏感个人信息处理规则（单独同意）</View>
      <View id='consent-text' className='consent-text'>
        {SENSITIVE_PI_CONSENT_TEXT}
      </View>
      <CheckboxGroup onChange={(e) => setConsent((e.detail.value as string[]).includes('agree'))}>
        <View className='consent-row'>
          <Checkbox id='profile-consent' value='agree' checked={consent} />
          <Text className='consent-label'>我已阅读并同意以上规则</Text>
        </View>
      </CheckboxGroup>
      {editEndsVerification(existing, name, idNumber) && (
        <View id='profile-reverify' className='muted'>
          修改姓名或身份证号后需要重新实名认证。
        </View>
      )}
      {errors.map((message) => (
        <View key={message} className='error-text issue-line profile-error'>
          {message}
        </View>
      ))}
      {blockers.length > 0 && !busy && (
        <View id='profile-blockers' className='muted'>
          {blockers.join('；')}
        </View>
      )}
      <Button
        id='profile-save'
        className='button-primary'
        loading={busy}
        disabled={busy || blockers.length > 0}
        onClick={() => void submit()}
      >
        保存
      </Button>
    </View>
  )
}
