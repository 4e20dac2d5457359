import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Switch, Text, View } from '@tarojs/components'
import type { RemindersResponse, ReminderTemplateView } from '@canbao/shared/api/reminders'
import { PageShell } from '../../components/PageShell'
import type { ClientError } from '../../api/client'
import { useSession } from '../../lib/session'
import { fetchReminders, reportConsents, switchReminder } from './api'
import { askWeChat } from './subscribe'
import './index.css'

const RESULT_ZH = { accept: '已允许', reject: '已拒绝', ban: '已被微信停用', filter: '被微信过滤' } as const

function countText(t: ReminderTemplateView): string {
  if (!t.enabled) return '已关闭，不会发送'
  if (t.allowance === 0) return t.lastResult === 'reject' ? '上次选择了拒绝，点下方按钮可重新订阅' : '还没有订阅'
  return `还可以收到 ${t.allowance} 次`
}

export default function RemindersPage() {
  const session = useSession()
  const [view, setView] = useState<RemindersResponse | null>(null)
  const [error, setError] = useState<ClientError | null>(null)
  const [note, setNote] = useState<{ group: string; text: string; ok: boolean } | null>(null)
  const [busy, setBusy] = useState<string | null>(null)

  const load = useCallback(async () => {
    setError(null)
    const result = await fetchReminders()
    if (result.ok) setView(result.data)
    else setError(result.error)
  }, [])

  useEffect(() => {
    if (session) void load()
  }, [session, load])

  // Called straight from the tap: WeChat refuses the dialog from anything but a user's tap.
  const subscribe = async (groupId: string, templateIds: string[]) => {
    setBusy(groupId)
    setNote(null)
    const asked = await askWeChat(templateIds)
    if (!asked.ok) {
      setBusy(null)
      setNote({ group: groupId, text: asked.message, ok: false })
      return
    }
    const result = await reportConsents(asked.results)
    setBusy(null)
    if (!result.ok) {
      setNote({ group: groupId, text: result.error.message, ok: false })
      return
    }
    setView(result.data)
    const accepted = asked.results.filter((r) => r.result === 'accept').length
    setNote({
      group: groupId,
      ok: accepted > 0,
      text: accepted > 0 ? `已订阅 ${accepted} 项提醒。每次“允许”可以收到一次提醒，收到后可再次订阅。` : '您没有允许这些提醒，我们不会发送。',
    })
  }

  const toggle = async (t: ReminderTemplateView, enabled: boolean) => {
    const result = await switchReminder(t.kind, enabled)
    if (result.ok) setView(result.data)
    else setError(result.error)
  }

  if (!session) {
    return (
      <PageShell id='reminders-page'>
        <View className='card'>
          <View className='card-title'>参保提醒</View>
          <Text className='muted'>登录后可以订阅缴费期开始、截止前、待遇生效等微信提醒，不再错过缴费。</Text>
          <Button id='reminders-sign-in' className='button-primary' onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}>
            去登录
          </Button>
        </View>
      </PageShell>
    )
  }

  return (
    <PageShell id='reminders-page'>
      <View className='card'>
        <View className='card-title'>参保提醒</View>
        <Text className='muted'>提醒通过微信“服务通知”发送。微信规定每次“允许”只能发送一次提醒。</Text>
        {view && <View className='muted reminder-note'>{view.quietHoursZh}</View>}
      </View>

      {error && (
        <View className='card' id='reminders-error'>
          <View className='error-text'>{error.message}</View>
          <Button id='reminders-retry' className='button-primary' onClick={() => void load()}>
            重试
          </Button>
        </View>
      )}
      {!view && !error && (
        <View className='card'>
          <Text className='muted'>正在加载…</Text>
        </View>
      )}

      {view?.groups.map((group) => (
        <View key={group.id} className='card' id={`reminders-group-${group.id}`}>
          <View className='card-title'>{group.titleZh}</View>
          {group.templates.map((t) => (
            <View key={t.kind} className='reminder-row'>
              <View className='reminder-text'>
                <View className='reminder-title'>{t.titleZh}</View>
                <View className='muted'>{t.descriptionZh}</View>
                <View className={t.enabled && t.allowance > 0 ? 'reminder-count' : 'reminder-count reminder-count-none'}>
                  {countText(t)}
                </View>
                {t.lastResult && <View className='muted'>最近一次：{RESULT_ZH[t.lastResult]}</View>}
              </View>
              <Switch id={`reminder-switch-${t.kind}`} checked={t.enabled} onChange={(e) => void toggle(t, e.detail.value)} />
            </View>
          ))}
          <Button
            id={`reminders-subscribe-${group.id}`}
            className='button-primary'
            loading={busy === group.id}
            disabled={busy !== null}
            onClick={() => void subscribe(group.id, group.templates.map((t) => t.templateId))}
          >
            订阅{group.titleZh}
          </Button>
          {note?.group === group.id && (
            <View id={`reminders-note-${group.id}`} className={note.ok ? 'ok-text' : 'error-text'}>
              {note.text}
            </View>
          )}
        </View>
      ))}
    </PageShell>
  )
}
