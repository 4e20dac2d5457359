import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Picker, Switch, Text, View } from '@tarojs/components'
import { SENSITIVE_PI_CONSENT_TEXT } from '@canbao/shared/api/identity'
import { PREFECTURES, SERVED_PROVINCES, provinceNameZh } from '@canbao/shared/regions'
import { PageShell } from '../../components/PageShell'
import { ConsentCheck } from '../../components/ConsentCheck'
import { devLoginCode, signInWithCode, signInWithWeChat } from '../../api/auth'
import { saveProfile } from '../../api/profile'
import { actionButton, actionMessage, useAction } from '../../lib/action'
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
  DELETE_KEEPS_ZH,
  DELETE_LOSES_ZH,
  ELDER_MODE_HINT_ZH,
  deleteAccountFlow,
  draftOf,
  editEndsVerification,
  exportDoneZh,
  exportFileName,
  exportSummary,
  meSections,
  noticesOf,
  profileFormOpenAtFirst,
  profileFormBlockers,
  profileRequest,
  saveErrorLines,
  signInOutcome,
  verificationStatus,
  verifyFlow,
  withProvince,
  type MeSection,
  type ProfileDraft,
} from './model'
import './index.css'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'
const PLATFORM = IS_WEAPP ? 'weapp' : 'h5'

export default function MePage() {
  const session = useSession()
  const user = session ? { role: session.user.role, hasProfile: !!session.user.profile } : null
  // Verification and notices change on the server (a face check elsewhere, a takeover): ask on every visit.
  const signedIn = !!session
  useEffect(() => {
    if (signedIn) void refreshMe()
  }, [signedIn])
  const card = (section: MeSection) => {
    switch (section) {
      case 'sign-in':
        return <SignIn key={section} />
      case 'office-work':
        return session && <OfficeWork key={section} session={session} />
      case 'account':
        return session && <Account key={section} session={session} />
      case 'records':
        return <Records key={section} />
      case 'verification':
        return session && <Verification key={section} session={session} />
      case 'my-data':
        return <MyData key={section} />
      case 'elder':
        return <ElderMode key={section} />
      case 'delete-account':
        return <DeleteAccount key={section} />
    }
  }
  return (
    <PageShell id='me-page'>
      {session && <Notices session={session} />}
      {meSections(user).map(card)}
    </PageShell>
  )
}

function ElderMode() {
  const [elder, setElder] = useElderMode()
  return (
    <View className='card'>
      <View className='switch-row'>
        <View>
          <View className='card-title'>大字模式</View>
          <Text className='muted'>{ELDER_MODE_HINT_ZH}</Text>
        </View>
        <Switch id='elder-mode-switch' checked={elder} onChange={(e) => setElder(e.detail.value)} />
      </View>
    </View>
  )
}

function SignIn() {
  const [name, setName] = useState('')
  const { state, run } = useAction<'sign-in'>()
  const message = actionMessage(state)
  const busy = state.phase === 'busy'
  const signIn = (attempt: () => ReturnType<typeof signInWithWeChat>) =>
    void run('sign-in', async () => signInOutcome(await attempt()))

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
          onClick={() => signIn(signInWithWeChat)}
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
            onClick={() => signIn(() => signInWithCode(devLoginCode(name)))}
          >
            登录
          </Button>
        </View>
      )}
      {message && (
        <View id='sign-in-error' className='error-text'>
          {message.text}
        </View>
      )}
    </View>
  )
}

/** What a clerk came for, above their own resident part. */
function OfficeWork({ session }: { session: Session }) {
  return (
    <View className='card' id='office-work'>
      <View className='card-title'>医保经办工作台</View>
      <Text className='muted'>
        {session.user.office?.scopeNameZh}：导入参保记录、公布地区数据、发送宣传通知、审核户口本。
      </Text>
      <Button
        id='go-office'
        className='button-primary'
        onClick={() => void Taro.navigateTo({ url: '/packages/office/index' })}
      >
        打开经办工作台
      </Button>
    </View>
  )
}

function Records() {
  return (
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
  )
}

function Account({ session }: { session: Session }) {
  const profile = session.user.profile
  const [editing, setEditing] = useState(() =>
    profileFormOpenAtFirst({ role: session.user.role, hasProfile: !!profile }),
  )
  return (
    <View>
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
        <View className='choice-row'>
          {!editing && (
            <Button id='profile-edit' className='choice' onClick={() => setEditing(true)}>
              {profile ? '修改信息' : '填写参保人信息'}
            </Button>
          )}
          <Button id='sign-out' className='choice' onClick={() => void signOut()}>
            退出登录
          </Button>
        </View>
      </View>
      {editing && <ProfileForm session={session} onDone={() => setEditing(false)} />}
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

function Verification({ session }: { session: Session }) {
  const status = verificationStatus(session.user.profile)
  const { state, run } = useAction<'verify'>()
  const message = actionMessage(state)
  const verify = () =>
    void run('verify', () =>
      verifyFlow({
        platform: PLATFORM,
        start: startVerification,
        face: requestFacialVerify,
        finish: finishVerification,
      }),
    )

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
        <Button id='verify-start' className='button-primary' {...actionButton(state, 'verify')} onClick={verify}>
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

/** Hands the exported JSON to the resident: a file on H5; the WeChat client has no downloads folder. */
async function handOver(data: Record<string, unknown>): Promise<void> {
  const text = JSON.stringify(data, null, 2)
  if (IS_WEAPP) {
    await copyText(text).catch(() => undefined)
    return
  }
  const link = document.createElement('a')
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
  link.download = exportFileName(Date.now())
  link.click()
  URL.revokeObjectURL(link.href)
}

function MyData() {
  const { state, run } = useAction<'export'>()
  const [summary, setSummary] = useState<string[] | null>(null)
  const message = actionMessage(state)

  const runExport = () =>
    void run('export', async () => {
      const result = await exportMyData()
      if (!result.ok) return { ok: false, message: result.error.message }
      await handOver(result.data)
      setSummary(exportSummary(result.data))
      return { ok: true, message: exportDoneZh(PLATFORM) }
    })

  return (
    <View className='card' id='my-data'>
      <View className='card-title'>导出我的数据</View>
      <Text className='muted'>您可以随时导出我们保存的关于您的全部信息，导出不会改变任何数据。</Text>
      <Button id='export-data' className='choice' {...actionButton(state, 'export')} onClick={runExport}>
        导出我的数据
      </Button>
      {message && !message.error && (
        <View id='export-summary'>
          <View className='ok-text'>{message.text}</View>
          {summary?.map((line) => (
            <View key={line} className='muted'>
              {line}
            </View>
          ))}
        </View>
      )}
      {message?.error && (
        <View id='my-data-error' className='error-text'>
          {message.text}
        </View>
      )}
    </View>
  )
}

/** 注销 in its own card at the foot of the page, saying what is lost before the confirmation says it again. */
function DeleteAccount() {
  const { state, run } = useAction<'delete'>()
  const message = actionMessage(state)
  const remove = () =>
    void run(
      'delete',
      async (started) => {
        const outcome = await deleteAccountFlow({
          confirm: async () => (await Taro.showModal({ ...DELETE_CONFIRM, confirmColor: '#b42318' })).confirm,
          confirmed: started,
          remove: deleteAccount,
        })
        if (outcome?.ok) void Taro.showToast({ title: '已注销', icon: 'success' })
        return outcome
      },
      { afterConfirm: true },
    )

  return (
    <View className='card danger-card' id='delete-card'>
      <View className='card-title danger-title'>注销账号</View>
      <Text className='muted'>注销后立即删除，不能恢复：</Text>
      {DELETE_LOSES_ZH.map((line) => (
        <View key={line} className='unlock-line'>
          · {line}
        </View>
      ))}
      <View className='muted danger-keeps'>{DELETE_KEEPS_ZH}</View>
      <Button id='delete-account' className='button-danger' {...actionButton(state, 'delete')} onClick={remove}>
        注销账号
      </Button>
      {message && (
        <View id='delete-message' className={message.error ? 'error-text' : 'ok-text'}>
          {message.text}
        </View>
      )}
    </View>
  )
}

function ProfileForm({ session, onDone }: { session: Session; onDone: () => void }) {
  const existing = session.user.profile
  const [draft, setDraft] = useState<ProfileDraft>(() => draftOf(existing))
  const [errors, setErrors] = useState<string[]>([])
  const { state, run } = useAction<'save'>()
  const busy = state.phase === 'busy'
  const edit = (patch: Partial<ProfileDraft>) => setDraft({ ...draft, ...patch })
  const prefectures = PREFECTURES[draft.province]
  const blockers = profileFormBlockers(draft)

  const submit = () =>
    void run('save', async () => {
      setErrors([])
      const result = await saveProfile(profileRequest(draft))
      if (result.ok) onDone()
      // The form keeps what was typed: only the messages are added.
      else setErrors(saveErrorLines(result.error))
      return null
    })

  return (
    <View className='card' id='profile-form'>
      <View className='card-title'>参保人信息</View>
      <View className='field-label'>姓名</View>
      <Input
        id='profile-name'
        className='text-input'
        value={draft.name}
        onInput={(e) => edit({ name: e.detail.value })}
      />
      <View className='field-label'>身份证号（18位）</View>
      <Input
        id='profile-id'
        className='text-input'
        type='idcard'
        maxlength={18}
        value={draft.idNumber}
        placeholder={existing ? `已保存 ${existing.idNumberMasked}，修改时请完整填写` : ''}
        onInput={(e) => edit({ idNumber: e.detail.value })}
      />
      <View className='field-label'>参保省份</View>
      <View className='choice-row'>
        {SERVED_PROVINCES.map((code) => (
          <Button
            key={code}
            id={`profile-province-${code}`}
            className={code === draft.province ? 'choice choice-on' : 'choice'}
            onClick={() => setDraft(withProvince(draft, code))}
          >
            {(provinceNameZh(code) ?? code).replace(/省$/, '')}
          </Button>
        ))}
      </View>
      <View className='field-label'>参保地区（可不选）</View>
      <Picker
        mode='selector'
        range={['不选择', ...prefectures.map((p) => p.nameZh)]}
        value={draft.region ? prefectures.findIndex((p) => p.code === draft.region) + 1 : 0}
        onChange={(e) => {
          const i = Number(e.detail.value)
          edit({ region: i === 0 ? null : (prefectures[i - 1]?.code ?? null) })
        }}
      >
        <View id='profile-region' className='picker-value'>
          {draft.region ? prefectures.find((p) => p.code === draft.region)?.nameZh : '不选择'} ▾
        </View>
      </Picker>
      <View className='field-label'>敏感个人信息处理规则（单独同意）</View>
      <View id='consent-text' className='consent-text'>
        {SENSITIVE_PI_CONSENT_TEXT}
      </View>
      <ConsentCheck
        id='profile-consent'
        checked={draft.consent}
        label='我已阅读并同意以上规则'
        onChange={(consent) => edit({ consent })}
      />
      {editEndsVerification(existing, draft.name, draft.idNumber) && (
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
        onClick={submit}
      >
        保存
      </Button>
    </View>
  )
}
