import { useReducer } from 'react'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import type { OfficeFiguresResponse, OfficeProposal } from '@canbao/shared/api/registry'
import { expectedKinds, FIGURE_KIND_ZH, type FigureKind } from '@canbao/shared/registry/figures'
import { ErrorCard } from '../../components/ErrorCard'
import { FormField, TextField } from '../../components/FormField'
import { OfficeOnly } from '../../components/OfficeOnly'
import { PageShell } from '../../components/PageShell'
import { useSession } from '../../lib/session'
import { todayCst } from '../../lib/today'
import { phaseError, shownData, useLoad } from '../../lib/load'
import { useAction } from '../../lib/action'
import { approveFigure, fetchOfficeFigures, proposeFigure, rejectFigure } from '../../api/office-figures'
import { cstRecordText } from '../../lib/format'
import { clerkText } from './reviews-model'
import {
  ACTION_ZH,
  amountLabel,
  buildProposal,
  decisionOutcome,
  decisionProblem,
  figureStateText,
  figuresReducer,
  initialFiguresUi,
  periodNote,
  proposalRefusal,
  reasonLabel,
  SOURCE_HINTS_ZH,
  sourceLineZh,
  splitProposals,
  STATUS_ZH,
  windowsLabel,
  type FieldErrors,
  type FiguresUi,
  type ProposalForm,
} from './figures-model'
import './campaign.css'
import './figures.css'

export default function OfficeFiguresPage() {
  const session = useSession()
  const isOffice = session?.user.role === 'office'
  const { state, reload } = useLoad(fetchOfficeFigures, { enabled: isOffice, key: session?.user.id })
  const view = shownData(state)
  const loadError = phaseError(state)
  const [ui, dispatch] = useReducer(figuresReducer, Number(todayCst().slice(0, 4)) + 1, initialFiguresUi)
  const { state: action, run } = useAction<'propose' | 'decide'>()
  const busy = action.phase === 'busy'

  if (!isOffice) return <OfficeOnly id='figures-page' purpose='医保部门公布本地区的缴费标准、集中参保期等数据' />
  if (state.phase === 'failed')
    return (
      <PageShell id='figures-page'>
        <ErrorCard id='figures-load-error' retryId='figures-retry' error={state.error} onRetry={reload} />
      </PageShell>
    )

  const region = view?.region ?? ''
  const yearView = view?.years.find((y) => y.year === ui.form.year)

  const submit = () =>
    void run('propose', async () => {
      const built = buildProposal(ui.form, region, yearView?.periodStarted ?? false)
      if (!built.ok) {
        dispatch({ type: 'refused', errors: built.errors })
        return null
      }
      const result = await proposeFigure(built.body)
      if (!result.ok) dispatch({ type: 'refused', errors: proposalRefusal(ui.form, result.error) })
      else {
        dispatch({ type: 'proposed' })
        void reload()
      }
      return null
    })

  const decide = (p: OfficeProposal, approve: boolean) =>
    void run('decide', async () => {
      const note = (ui.notes[p.id] ?? '').trim()
      const problem = decisionProblem(approve, note)
      if (problem) {
        dispatch({ type: 'decision-refused', id: p.id, message: problem })
        return null
      }
      const result = approve ? await approveFigure(p.id, note) : await rejectFigure(p.id, note)
      const outcome = decisionOutcome(p, approve, result)
      dispatch(
        outcome.ok
          ? { type: 'decided', id: p.id, message: outcome.message }
          : { type: 'decision-refused', id: p.id, message: outcome.message },
      )
      if (outcome.ok) void reload()
      return null
    })

  const { pending, decided } = splitProposals(view?.proposals)

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
        {!view && <View className='muted'>正在加载…</View>}
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
              <Text className='figure-state'>{figureStateText(f)}</Text>
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
            <PendingProposal
              key={p.id}
              index={i}
              proposal={p}
              ui={ui}
              busy={busy}
              onNote={(text) => dispatch({ type: 'note', id: p.id, text })}
              onDecide={(approve) => decide(p, approve)}
            />
          ))}
        </View>
      )}

      {view && (
        <ProposalFormCard
          view={view}
          ui={ui}
          busy={busy}
          periodStarted={yearView?.periodStarted ?? false}
          onEdit={(patch) => dispatch({ type: 'edit', patch })}
          onSubmit={submit}
        />
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

function PendingProposal(props: {
  index: number
  proposal: OfficeProposal
  ui: FiguresUi
  busy: boolean
  onNote: (text: string) => void
  onDecide: (approve: boolean) => void
}) {
  const { proposal: p, index: i } = props
  const error = props.ui.decisionErrors[p.id]
  return (
    <View className='proposal' id={`proposal-${i}`}>
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
            value={props.ui.notes[p.id] ?? ''}
            onInput={(e) => props.onNote(e.detail.value)}
          />
          {error && (
            <View className='error-text field-error' id={`proposal-error-${i}`}>
              {error}
            </View>
          )}
          <View className='choice-row'>
            <Button
              id={`proposal-approve-${i}`}
              className='button-primary'
              disabled={props.busy}
              onClick={() => props.onDecide(true)}
            >
              核对无误，通过
            </Button>
            <Button
              id={`proposal-reject-${i}`}
              className='choice'
              disabled={props.busy}
              onClick={() => props.onDecide(false)}
            >
              退回
            </Button>
          </View>
        </View>
      )}
    </View>
  )
}

/** The source fields every figure needs, in the order of the document's head. */
const SOURCE_FIELDS: { field: 'docNo' | 'title' | 'issuer' | 'issuedOn' | 'link'; label: string; hint?: string }[] = [
  { field: 'docNo', label: '文号', hint: SOURCE_HINTS_ZH.docNo },
  { field: 'title', label: '文件标题' },
  { field: 'issuer', label: '发文机关', hint: SOURCE_HINTS_ZH.issuer },
  { field: 'issuedOn', label: '发文日期', hint: SOURCE_HINTS_ZH.issuedOn },
  { field: 'link', label: '原文链接（可不填）', hint: 'https://' },
]

const FIELD_ID: Record<(typeof SOURCE_FIELDS)[number]['field'], string> = {
  docNo: 'figure-docno',
  title: 'figure-title',
  issuer: 'figure-issuer',
  issuedOn: 'figure-issuedon',
  link: 'figure-link',
}

function ProposalFormCard(props: {
  view: OfficeFiguresResponse
  ui: FiguresUi
  busy: boolean
  periodStarted: boolean
  onEdit: (patch: Partial<ProposalForm>) => void
  onSubmit: () => void
}) {
  const { form, errors } = props.ui
  const kinds = props.view.region ? expectedKinds(props.view.region) : []
  const errorOf = (field: keyof FieldErrors) => ({ error: errors[field], errorId: `figure-error-${field}` })
  return (
    <View className='card' id='figures-form'>
      <View className='card-title'>提议一项数据</View>
      <View className='field-label'>参保年度</View>
      <View className='choice-row'>
        {props.view.years.map((y) => (
          <Button
            key={y.year}
            id={`figure-year-${y.year}`}
            className={form.year === y.year ? 'choice choice-on' : 'choice'}
            onClick={() => props.onEdit({ year: y.year })}
          >
            {y.year}年度
          </Button>
        ))}
      </View>
      <FormField label='数据项' {...errorOf('kind')}>
        <View className='choice-row'>
          {kinds.map((k: FigureKind) => (
            <Button
              key={k}
              id={`figure-kind-${k}`}
              className={form.kind === k ? 'choice choice-on' : 'choice'}
              onClick={() => props.onEdit({ kind: k })}
            >
              {FIGURE_KIND_ZH[k]}
            </Button>
          ))}
        </View>
      </FormField>
      {form.kind === 'periods' ? (
        <FormField label={windowsLabel(form.year)} {...errorOf('windows')}>
          <Textarea
            id='figure-windows'
            className='campaign-input figure-textarea'
            value={form.windows}
            onInput={(e) => props.onEdit({ windows: e.detail.value })}
          />
        </FormField>
      ) : (
        <TextField
          id='figure-amount'
          label={amountLabel(form.kind)}
          type='digit'
          value={form.amount}
          onInput={(amount) => props.onEdit({ amount })}
          {...errorOf('amount')}
        />
      )}
      {SOURCE_FIELDS.map(({ field, label, hint }) => (
        <TextField
          key={field}
          id={FIELD_ID[field]}
          label={label}
          placeholder={hint}
          value={form[field]}
          onInput={(text) => props.onEdit({ [field]: text })}
          {...errorOf(field)}
        />
      ))}
      <TextField
        id='figure-reason'
        label={reasonLabel(props.periodStarted)}
        value={form.reason}
        onInput={(reason) => props.onEdit({ reason })}
        {...errorOf('reason')}
      />
      {errors.form && (
        <View className='error-text field-error' id='figure-error-form'>
          {errors.form}
        </View>
      )}
      <Button
        id='figure-submit'
        className='button-primary'
        disabled={props.busy}
        loading={props.busy}
        onClick={props.onSubmit}
      >
        提交审核
      </Button>
      {props.ui.notice && (
        <View className='ok-text' id='figures-notice'>
          {props.ui.notice}
        </View>
      )}
    </View>
  )
}
