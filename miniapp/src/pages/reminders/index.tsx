import { useState } from 'react'
import { Button, Switch, Text, View } from '@tarojs/components'
import type { ReminderTemplateView } from '@canbao/shared/api/reminders'
import { ErrorCard } from '../../components/ErrorCard'
import { PageShell } from '../../components/PageShell'
import { SignInCard } from '../../components/SignInCard'
import { phaseError, shownData, useLoad } from '../../lib/load'
import { useSession } from '../../lib/session'
import { fetchReminders, reportConsents, switchReminder } from '../../api/reminders'
import { askWeChat } from './subscribe'
import { NO_SUBSCRIBE_ZH, canSubscribe, hasSwitch, isOn, lastResultText, stateText, subscribedText } from './model'
import './index.css'

const SUBSCRIBE_HERE = canSubscribe(process.env.TARO_ENV)

export default function RemindersPage() {
  const session = useSession()
  const [note, setNote] = useState<{ group: string; text: string; ok: boolean } | null>(null)
  const [busy, setBusy] = useState<string | null>(null)

  const { state, reload, replace } = useLoad(fetchReminders, { enabled: !!session, key: session?.user.id })

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
    replace(result.data)
    setNote({ group: groupId, ...subscribedText(asked.results) })
  }

  const toggle = async (t: ReminderTemplateView, enabled: boolean, groupId: string) => {
    const result = await switchReminder(t.kind, enabled)
    if (result.ok) replace(result.data)
    else setNote({ group: groupId, text: result.error.message, ok: false })
  }

  if (!session) {
    return (
      <PageShell id='reminders-page'>
        <SignInCard
          buttonId='reminders-sign-in'
          title='参保提醒'
          text='登录后可以订阅缴费期开始、截止前、待遇生效等微信提醒，不再错过缴费。'
        />
      </PageShell>
    )
  }

  const view = shownData(state)
  const error = phaseError(state)
  return (
    <PageShell id='reminders-page'>
      <View className='card'>
        <View className='card-title'>参保提醒</View>
        <Text className='muted'>提醒通过微信“服务通知”发送。微信规定每次“允许”只能发送一次提醒。</Text>
        {view && <View className='muted reminder-note'>{view.quietHoursZh}</View>}
        {!SUBSCRIBE_HERE && (
          <View id='reminders-h5-note' className='note reminder-h5-note'>
            {NO_SUBSCRIBE_ZH}
          </View>
        )}
      </View>

      {error && (
        <ErrorCard id='reminders-error' retryId='reminders-retry' error={error} onRetry={() => void reload()} />
      )}
      {state.phase === 'loading' && !view && (
        <View className='card'>
          <Text className='muted'>正在加载…</Text>
        </View>
      )}

      {view?.groups.map((group) => (
        <View key={group.id} className='card' id={`reminders-group-${group.id}`}>
          <View className='card-title'>{group.titleZh}</View>
          {group.templates.map((t) => (
            <View key={t.kind} className='reminder-row' id={`reminder-row-${t.kind}`}>
              <View className='reminder-text'>
                <View className='reminder-title'>{t.titleZh}</View>
                <View className='muted'>{t.descriptionZh}</View>
                <View
                  id={`reminder-state-${t.kind}`}
                  className={isOn(t) ? 'reminder-count' : 'reminder-count reminder-count-none'}
                >
                  {stateText(t)}
                </View>
                {lastResultText(t) && <View className='muted'>{lastResultText(t)}</View>}
              </View>
              {hasSwitch(t, SUBSCRIBE_HERE) && (
                <Switch
                  id={`reminder-switch-${t.kind}`}
                  checked={isOn(t)}
                  onChange={(e) => void toggle(t, e.detail.value, group.id)}
                />
              )}
            </View>
          ))}
          {SUBSCRIBE_HERE && (
            <Button
              id={`reminders-subscribe-${group.id}`}
              className='button-primary'
              loading={busy === group.id}
              disabled={busy !== null}
              onClick={() =>
                void subscribe(
                  group.id,
                  group.templates.map((t) => t.templateId),
                )
              }
            >
              订阅{group.titleZh}
            </Button>
          )}
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
