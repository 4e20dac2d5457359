import { phaseError, shownData, useLoad } from '../../lib/load'
import { useEffect, useState } from 'react'
import { Button, Picker, Text, View } from '@tarojs/components'
import {
  CAMPAIGN_AUDIENCES,
  type CampaignAudience,
  type CampaignRequest,
  type MessagePreview,
} from '@canbao/shared/api/reminders'
import { FormField, TextField } from '../../components/FormField'
import { OfficeOnly } from '../../components/OfficeOnly'
import { PageShell } from '../../components/PageShell'
import type { ClientError } from '../../api/client'
import { useSession } from '../../lib/session'
import { cstMomentText } from '../../lib/format'
import { createCampaign, fetchCampaigns, previewCampaign, resumeCampaign } from '../../api/office-campaign'
import { AUDIENCE_ZH, STATUS_ZH, THING_MAX, counterItems, issuesText, moving, textLength } from './campaign-model'
import './campaign.css'

const POLL_MS = 2000
export default function OfficeCampaignPage() {
  const session = useSession()
  const [title, setTitle] = useState('全民参保集中宣传月')
  const [content, setContent] = useState('')
  const [deadline, setDeadline] = useState(`${new Date().getFullYear()}-12-31`)
  const [audience, setAudience] = useState<CampaignAudience>('unpaid')
  const [preview, setPreview] = useState<MessagePreview | null>(null)
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [sentNote, setSentNote] = useState<string | null>(null)
  const { state: listState, reload: load } = useLoad(fetchCampaigns, {
    enabled: session?.user.role === 'office',
    key: session?.user.id,
  })
  const campaigns = shownData(listState)?.campaigns ?? null
  // A refused 继续发送 stays beside the list until the next try, even when the list itself reloads fine.
  const [resumeError, setResumeError] = useState<ClientError | null>(null)
  const listError = phaseError(listState) ?? resumeError

  const body = (): CampaignRequest => ({ title: title.trim(), content: content.trim(), deadline, audience })

  // Counters move while the queue works: keep watching until every campaign has settled (a failed ask stops).
  useEffect(() => {
    if (listState.phase !== 'ready' || !listState.data.campaigns.some(moving)) return
    const timer = setTimeout(() => void load(), POLL_MS)
    return () => clearTimeout(timer)
  }, [listState, load])

  const showPreview = async () => {
    setBusy(true)
    setSentNote(null)
    const result = await previewCampaign(body())
    setBusy(false)
    if (result.ok) {
      setPreview(result.data.preview)
      setFormError(null)
    } else {
      setPreview(null)
      setFormError(issuesText(result.error))
    }
  }

  const resume = async (id: string) => {
    setBusy(true)
    setResumeError(null)
    const result = await resumeCampaign(id)
    setBusy(false)
    if (!result.ok) setResumeError(result.error)
    void load()
  }

  const send = async () => {
    setBusy(true)
    const result = await createCampaign(body())
    setBusy(false)
    if (!result.ok) {
      setFormError(issuesText(result.error))
      return
    }
    setPreview(null)
    setSentNote('已开始发送。只发给订阅了宣传通知的居民；晚上 9 点到早上 8 点之间的会推迟到早上 8 点发送。')
    void load()
  }

  if (session?.user.role !== 'office')
    return <OfficeOnly id='campaign-page' purpose='医保部门向本地区居民发送参保宣传通知' />

  return (
    <PageShell id='campaign-page'>
      <View className='card'>
        <View className='card-title'>发送宣传通知</View>
        <Text className='muted'>
          {session.user.office?.scopeNameZh}：通过微信订阅消息发给订阅了“医保宣传通知”的居民，每人一条。
        </Text>

        <TextField
          id='campaign-title'
          label={<LengthLabel name='通知主题' text={title} />}
          value={title}
          onInput={setTitle}
        />
        <TextField
          id='campaign-content'
          label={<LengthLabel name='通知内容' text={content} />}
          value={content}
          placeholder='例如：2027年度居民医保开始缴费'
          onInput={setContent}
        />
        <FormField label='截止日期'>
          <Picker mode='date' value={deadline} onChange={(e) => setDeadline(String(e.detail.value))}>
            <View id='campaign-deadline' className='campaign-input'>
              {deadline}
            </View>
          </Picker>
        </FormField>
        <FormField label='发送对象'>
          <View className='choice-row'>
            {CAMPAIGN_AUDIENCES.map((a) => (
              <Button
                key={a}
                id={`campaign-audience-${a}`}
                className={audience === a ? 'choice choice-on' : 'choice'}
                onClick={() => setAudience(a)}
              >
                {AUDIENCE_ZH[a]}
              </Button>
            ))}
          </View>
        </FormField>
        {formError && (
          <View id='campaign-error' className='error-text'>
            {formError}
          </View>
        )}
        <Button id='campaign-preview' className='button-primary' disabled={busy} onClick={() => void showPreview()}>
          预览
        </Button>
        {sentNote && (
          <View id='campaign-sent' className='ok-text'>
            {sentNote}
          </View>
        )}
      </View>

      {preview && (
        <View className='card' id='campaign-preview-card'>
          <View className='card-title'>微信中显示为</View>
          <View className='wx-card'>
            <View className='wx-card-title'>{preview.templateTitleZh}</View>
            {preview.fields.map((f) => (
              <View key={f.key} className='wx-field'>
                <Text className='wx-field-label'>{f.labelZh}</Text>
                <Text>{f.value}</Text>
              </View>
            ))}
            <View className='wx-card-link'>进入小程序查看 ›</View>
          </View>
          <Button
            id='campaign-send'
            className='button-primary'
            disabled={busy}
            loading={busy}
            onClick={() => void send()}
          >
            确认发送
          </Button>
        </View>
      )}

      <View className='card' id='campaign-list'>
        <View className='card-title'>已发送的通知</View>
        {listError && <View className='error-text'>{listError.message}</View>}
        {campaigns === null && !listError && <Text className='muted'>正在加载…</Text>}
        {campaigns?.length === 0 && <Text className='muted'>还没有发送过通知。</Text>}
        {campaigns?.map((c) => (
          <View key={c.id} className='campaign-row'>
            <View>
              {c.title} · {STATUS_ZH[c.status]}
            </View>
            <View className='muted'>
              {AUDIENCE_ZH[c.audience]} · 北京时间 {cstMomentText(c.createdAt)}
            </View>
            {c.failureZh && <View className='error-text campaign-failure'>{c.failureZh}</View>}
            {c.resumable && (
              <Button className='button-primary campaign-resume' disabled={busy} onClick={() => void resume(c.id)}>
                继续发送
              </Button>
            )}
            <View className='counter-row'>
              {counterItems(c.counters).map((item) => (
                <Text key={item.key} className={item.key === 'sent' ? 'counter counter-sent' : 'counter'}>
                  {item.label} {item.n}
                </Text>
              ))}
            </View>
          </View>
        ))}
      </View>
    </PageShell>
  )
}

/** A field's name with its length as WeChat counts it, red once over the limit of a message field. */
function LengthLabel({ name, text }: { name: string; text: string }) {
  const n = textLength(text)
  return (
    <>
      {name}
      <Text className={n > THING_MAX ? 'field-count field-over' : 'field-count'}>
        {n}/{THING_MAX}
      </Text>
    </>
  )
}
