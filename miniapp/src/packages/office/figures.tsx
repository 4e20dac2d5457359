import { useCallback, useEffect, useState } from 'react'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import type { OfficeFiguresResponse, OfficeProposal } from '@canbao/shared/api/registry'
import { expectedKinds, FIGURE_KIND_ZH, type FigureKind } from '@canbao/shared/registry/figures'
import { PageShell } from '../../components/PageShell'
import type { ClientError } from '../../api/client'
import { useSession } from '../../lib/session'
import { todayCst } from '../../lib/today'
import { approveFigure, fetchOfficeFigures, proposeFigure, rejectFigure } from '../../api/office-figures'
import { cstRecordText } from '../../lib/format'
import { clerkText } from './reviews-model'
import {
  ACTION_ZH,
  buildProposal,
  emptyForm,
  fieldErrors,
  periodNote,
  sourceLineZh,
  STATUS_ZH,
  type FieldErrors,
  type ProposalForm,
} from './figures-model'
import './campaign.css'
import './figures.css'

const STATUS_TEXT = { published: '已公布', demo: '演示数据（未正式公布）', missing: '缺失' } as const

export default function OfficeFiguresPage() {
  const session = useSession()
  const thisYear = Number(todayCst().slice(0, 4))
  const [view, setView] = useState<OfficeFiguresResponse | null>(null)
  const [loadError, setLoadError] = useState<ClientError | null>(null)
  const [form, setForm] = useState<ProposalForm>(() => emptyForm(thisYear + 1, 'periods'))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [notice, setNotice] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [notes, setNotes] = useState<Record<string, string>>({})
  const [decisionErrors, setDecisionErrors] = useState<Record<string, string>>({})

  const load = useCallback(async () => {
    const result = await fetchOfficeFigures()
    if (result.ok) {
      setView(result.data)
      setLoadError(null)
    } else setLoadError(result.error)
  }, [])

  useEffect(() => {
    if (session?.user.role === 'office') void load()
  }, [session?.user.role, load])

  if (session?.user.role !== 'office') {
    return (
      <PageShell id='figures-page'>
        <View className='card'>
          <View className='card-title'>仅限医保经办人员</View>
          <Text className='muted'>
            这里用于医保部门公布本地区的封顶线、缴费标准和集中参保期。如您是经办人员，请用已授权的账号登录。
          </Text>
        </View>
      </PageShell>
    )
  }

  const region = view?.region ?? ''
  const kinds = region ? expectedKinds(region) : []
  const yearView = view?.years.find((y) => y.year === form.year)
  const set = (patch: Partial<ProposalForm>) => {
    setForm({ ...form, ...patch })
    setNotice(null)
  }

  const submit = async () => {
    const built = buildProposal(form, region, yearView?.periodStarted ?? false)
    if (!built.ok) {
      setErrors(built.errors)
      return
    }
    setBusy(true)
    const result = await proposeFigure(built.body)
    setBusy(false)
    if (!result.ok) {
      setErrors(result.error.issues?.length ? fieldErrors(form, result.error.issues) : { form: result.error.message })
      return
    }
    setErrors({})
    setForm(emptyForm(form.year, form.kind))
    setNotice('已提交，等待本地区另一位经办人员审核；审核通过后居民端才会使用这项数据。')
    void load()
  }

  const decide = async (p: OfficeProposal, approve: boolean) => {
    const note = (notes[p.id] ?? '').trim()
    if (!approve && note === '') {
      setDecisionErrors({ ...decisionErrors, [p.id]: '请填写退回原因，方便提议人修改' })
      return
    }
    setBusy(true)
    const result = approve ? await approveFigure(p.id, note) : await rejectFigure(p.id, note)
    setBusy(false)
    if (!result.ok) {
      setDecisionErrors({
        ...decisionErrors,
        [p.id]: result.error.issues?.map((i) => i.message).join('；') || result.error.message,
      })
      return
    }
    setDecisionErrors({ ...decisionErrors, [p.id]: '' })
    setNotice(approve ? `已审核通过：${p.year}年度${p.labelZh}现已对居民生效。` : '已退回。')
    void load()
  }

  const pending = view?.proposals.filter((p) => p.status === 'pending') ?? []
  const decided = view?.proposals.filter((p) => p.status !== 'pending') ?? []
  const fieldError = (field: keyof FieldErrors) =>
    errors[field] ? (
      <View className='error-text field-error' id={`figure-error-${field}`}>
        {errors[field]}
      </View>
    ) : null

  return (
    <PageShell id='figures-page'>
      <View className='card'>
        <View className='card-title'>{view ? `${view.regionNameZh}的地区数据` : '地区数据'}</View>
        <Text className='muted'>
          每项数据都要写明来源文件。一位经办人员提议，本地区另一位经办人员审核通过后，居民端的测算和提醒才会使用。
        </Text>
        {loadError && (
          <View className='error-text' id='figures-load-error'>
            {loadError.message}
          </View>
        )}
      </View>

      {view?.years.map((y) => (
        <View key={y.year} className='card' id={`figures-year-${y.year}`}>
          <View className='card-title'>{y.year}年度</View>
          <View className='muted' id={`figures-period-note-${y.year}`}>
            {periodNote(y)}
          </View>
          {y.figures.map((f) => (
            <View key={f.kind} className={`figure-line figure-${f.status}`} id={`figure-${y.year}-${f.kind}`}>
              <Text className='figure-name'>{f.labelZh}</Text>
              <Text className='figure-state'>
                {STATUS_TEXT[f.status]}
                {f.valueZh ? `：${f.valueZh}` : ''}
              </Text>
              {f.source && f.status === 'published' && <View className='muted'>{sourceLineZh(f.source)}</View>}
            </View>
          ))}
          {y.missingZh.length > 0 && (
            <View className='figures-missing' id={`figures-missing-${y.year}`}>
              尚未正式公布：{y.missingZh.join('、')}
            </View>
          )}
        </View>
      ))}

      {view && (
        <View className='card' id='figures-pending'>
          <View className='card-title'>待审核的提议（{pending.length}）</View>
          {pending.length === 0 && <Text className='muted'>没有待审核的提议。</Text>}
          {pending.map((p, i) => (
            <View key={p.id} className='proposal' id={`proposal-${i}`}>
              <View>
                {p.year}年度{p.labelZh}：{p.beforeZh ? `${p.beforeZh} → ` : ''}
                <Text className='proposal-value'>{p.valueZh}</Text>
              </View>
              <View className='muted'>{sourceLineZh(p.source)}</View>
              {p.reason && <View className='muted'>修改原因：{p.reason}</View>}
              <View className='muted'>
                {p.proposedByMe ? '您' : '其他经办人员'}提议于 {cstRecordText(p.proposedAt)}
              </View>
              {p.proposedByMe ? (
                <View className='muted' id={`proposal-own-${i}`}>
                  需由本地区另一位经办人员审核，您不能审核自己的提议。
                </View>
              ) : (
                <View>
                  <Input
                    id={`proposal-note-${i}`}
                    className='campaign-input'
                    placeholder='审核意见（退回时必填）'
                    value={notes[p.id] ?? ''}
                    onInput={(e) => setNotes({ ...notes, [p.id]: e.detail.value })}
                  />
                  {decisionErrors[p.id] && (
                    <View className='error-text field-error' id={`proposal-error-${i}`}>
                      {decisionErrors[p.id]}
                    </View>
                  )}
                  <View className='choice-row'>
                    <Button
                      id={`proposal-approve-${i}`}
                      className='button-primary'
                      disabled={busy}
                      onClick={() => void decide(p, true)}
                    >
                      核对无误，通过
                    </Button>
                    <Button
                      id={`proposal-reject-${i}`}
                      className='choice'
                      disabled={busy}
                      onClick={() => void decide(p, false)}
                    >
                      退回
                    </Button>
                  </View>
                </View>
              )}
            </View>
          ))}
        </View>
      )}

      {view && (
        <View className='card' id='figures-form'>
          <View className='card-title'>提议一项数据</View>
          <View className='field-label'>参保年度</View>
          <View className='choice-row'>
            {view.years.map((y) => (
              <Button
                key={y.year}
                id={`figure-year-${y.year}`}
                className={form.year === y.year ? 'choice choice-on' : 'choice'}
                onClick={() => set({ year: y.year })}
              >
                {y.year}年度
              </Button>
            ))}
          </View>
          <View className='field-label'>数据项</View>
          <View className='choice-row'>
            {kinds.map((k: FigureKind) => (
              <Button
                key={k}
                id={`figure-kind-${k}`}
                className={form.kind === k ? 'choice choice-on' : 'choice'}
                onClick={() => set({ kind: k })}
              >
                {FIGURE_KIND_ZH[k]}
              </Button>
            ))}
          </View>
          {fieldError('kind')}
          {form.kind === 'periods' ? (
            <View>
              <View className='field-label'>
                集中参保期（每段一行，例如 {form.year - 1}-09-15 至 {form.year}-02-28）
              </View>
              <Textarea
                id='figure-windows'
                className='campaign-input figure-textarea'
                value={form.windows}
                onInput={(e) => set({ windows: e.detail.value })}
              />
              {fieldError('windows')}
            </View>
          ) : (
            <View>
              <View className='field-label'>
                {form.kind === 'base-cap' || form.kind === 'step' ? '金额（元，整数）' : '金额（元，可精确到分）'}
              </View>
              <Input
                id='figure-amount'
                className='campaign-input'
                type='digit'
                value={form.amount}
                onInput={(e) => set({ amount: e.detail.value })}
              />
              {fieldError('amount')}
            </View>
          )}
          <View className='field-label'>文号</View>
          <Input
            id='figure-docno'
            className='campaign-input'
            placeholder='例如 洪医保发〔2025〕9号'
            value={form.docNo}
            onInput={(e) => set({ docNo: e.detail.value })}
          />
          {fieldError('docNo')}
          <View className='field-label'>文件标题</View>
          <Input
            id='figure-title'
            className='campaign-input'
            value={form.title}
            onInput={(e) => set({ title: e.detail.value })}
          />
          {fieldError('title')}
          <View className='field-label'>发文机关</View>
          <Input
            id='figure-issuer'
            className='campaign-input'
            placeholder='例如 南昌市医疗保障局'
            value={form.issuer}
            onInput={(e) => set({ issuer: e.detail.value })}
          />
          {fieldError('issuer')}
          <View className='field-label'>发文日期</View>
          <Input
            id='figure-issuedon'
            className='campaign-input'
            placeholder='例如 2025-08-20'
            value={form.issuedOn}
            onInput={(e) => set({ issuedOn: e.detail.value })}
          />
          {fieldError('issuedOn')}
          <View className='field-label'>原文链接（可不填）</View>
          <Input
            id='figure-link'
            className='campaign-input'
            placeholder='https://'
            value={form.link}
            onInput={(e) => set({ link: e.detail.value })}
          />
          {fieldError('link')}
          <View className='field-label'>
            修改原因{yearView?.periodStarted ? '（必填：见该年度上方的说明）' : '（可不填）'}
          </View>
          <Input
            id='figure-reason'
            className='campaign-input'
            value={form.reason}
            onInput={(e) => set({ reason: e.detail.value })}
          />
          {fieldError('reason')}
          {fieldError('form')}
          <Button
            id='figure-submit'
            className='button-primary'
            disabled={busy}
            loading={busy}
            onClick={() => void submit()}
          >
            提交审核
          </Button>
          {notice && (
            <View className='ok-text' id='figures-notice'>
              {notice}
            </View>
          )}
        </View>
      )}

      {view && (decided.length > 0 || view.events.length > 0) && (
        <View className='card' id='figures-events'>
          <View className='card-title'>操作记录</View>
          {view.events.slice(0, 30).map((e) => (
            <View key={e.seq} className='muted event-line'>
              {cstRecordText(e.at)} {e.year}年度{FIGURE_KIND_ZH[e.kind]} {ACTION_ZH[e.action]}
              {e.afterZh ? `：${e.beforeZh ?? '（无）'} → ${e.afterZh}` : ''}
              {e.note ? `（${e.note}）` : ''} · {clerkText(e.actor, view.me)}
            </View>
          ))}
          {decided.slice(0, 10).map((p) => (
            <View key={p.id} className='muted'>
              {p.year}年度{p.labelZh} {p.valueZh}：{STATUS_ZH[p.status]}
            </View>
          ))}
        </View>
      )}
    </PageShell>
  )
}
