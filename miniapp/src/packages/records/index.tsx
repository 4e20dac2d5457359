import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Picker, Text, View } from '@tarojs/components'
import type { HistoryResponse } from '@canbao/shared/api/history'
import { addDays } from '@canbao/shared/api/dates'
import { SPEC_DECISIONS, dateZh } from '@canbao/shared/policy'
import { PageShell } from '../../components/PageShell'
import { fetchHistory as askHistory, saveHistory } from '../../api/history'
import { useSession } from '../../lib/session'
import { readStored, removeStored, writeStored } from '../../lib/storage'
import { todayCst } from '../../lib/today'
import { handCaseToCalculator } from '../../lib/calculator-case'
import {
  GROUP_LABELS,
  PROGRAMME_CHOICES,
  calculatorHistory,
  checkForm,
  coveredBy,
  declarableYears,
  answerAsNone,
  formFromHistory,
  fundQuestion,
  hasErrors,
  hasFieldErrors,
  programmeAllowed,
  requestOf,
  savedNote,
  serverErrors,
  unansweredQuestion,
  unansweredYears,
  updateGroup,
  updateYear,
  withDefaults,
  type DeclaredScheme,
  type DeclaredYear,
  type FieldErrors,
  type FundPaid,
  type GroupDraft,
  type RecordsForm,
} from './model'
import { CLAIM_CHOICES_ZH, INCENTIVE_USED_ZH } from '@canbao/shared/texts/claims-zh'
import './index.css'

const SCHEMES: { scheme: DeclaredScheme; label: string }[] = [
  { scheme: 'resident', label: '居民医保' },
  { scheme: 'employee', label: '职工医保' },
  { scheme: 'none', label: '没有参保' },
  // SPEC §5 (docs/policy.md#s5): one year, two entries — employee cover ended, then a resident payment
  { scheme: 'switch', label: '这一年从职工医保转为居民医保' },
]
// The calculator asks the same question with the same answers (shared/texts/claims-zh).
const FUNDS: { fund: FundPaid; label: string }[] = CLAIM_CHOICES_ZH.map((c) => ({ fund: c.answer, label: c.label }))

type Load = { phase: 'loading' } | { phase: 'failed'; message: string } | { phase: 'ready'; history: HistoryResponse }

const draftKey = (userId: string) => `canbao.records-draft.${userId}`

export default function RecordsPage() {
  const session = useSession()
  const profile = session?.user.profile ?? null
  const userId = session?.user.id ?? ''
  const today = todayCst()
  const [load, setLoad] = useState<Load>({ phase: 'loading' })
  const [form, setForm] = useState<RecordsForm | null>(null)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const [note, setNote] = useState<string | null>(null)
  /** unanswered years the page is asking about before saving them as 没有参保 */
  const [asking, setAsking] = useState<number[] | null>(null)

  const fetchHistory = async () => {
    setLoad({ phase: 'loading' })
    const result = await askHistory()
    if (!result.ok) {
      setLoad({ phase: 'failed', message: result.error.message })
      return
    }
    setLoad({ phase: 'ready', history: result.data })
    // What the resident typed before a failed save or a closed page comes back rather than the server's copy.
    const draft = readStored<RecordsForm>(draftKey(userId))
    const fresh = formFromHistory(result.data, today, profile?.birthDate)
    setForm(draft ? withDefaults(draft, fresh) : fresh)
  }

  useEffect(() => {
    if (session && profile) void fetchHistory()
  }, [userId])

  if (!session || !profile) {
    return (
      <PageShell id='records-page'>
        <View className='card'>
          <View className='card-title'>我的参保年度</View>
          <Text className='muted'>请先在“我的”里登录并填写参保人信息。</Text>
          <Button className='button-primary' onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}>
            去“我的”
          </Button>
        </View>
      </PageShell>
    )
  }
  if (load.phase !== 'ready' || !form) {
    return (
      <PageShell id='records-page'>
        <View className='card'>
          {load.phase === 'failed' ? (
            <View>
              <View id='records-load-error' className='error-text'>
                {load.message}
              </View>
              <Button className='button-primary' onClick={() => void fetchHistory()}>
                重试
              </Button>
            </View>
          ) : (
            <Text className='muted'>正在读取您的参保记录…</Text>
          )}
        </View>
      </PageShell>
    )
  }

  const officeItems = load.history.history.filter((h) => h.source !== 'self')
  const apply = (next: RecordsForm) => {
    setForm(next)
    writeStored(draftKey(userId), next)
    setNote(null)
    setAsking(null)
    // Checked as the resident types, by the engine itself: the message appears next to the field.
    setErrors(checkForm(next, profile, today, officeItems))
  }
  const change = (year: number, patch: Partial<Omit<DeclaredYear, 'year'>>) => apply(updateYear(form, year, patch))
  const changeGroup = (kind: GroupDraft['kind'], patch: Partial<Omit<GroupDraft, 'kind'>>) =>
    apply(updateGroup(form, kind, patch))

  const save = async (current: RecordsForm = form) => {
    const found = checkForm(current, profile, today, officeItems)
    setErrors(found)
    if (hasErrors(found)) return
    // Unanswered years are never saved as gaps without asking (review 7).
    const open = unansweredYears(current)
    if (open.length) {
      setAsking(open)
      return
    }
    setAsking(null)
    setBusy(true)
    const { body } = requestOf(current)
    const result = await saveHistory(body)
    setBusy(false)
    if (!result.ok) {
      // The form stays as typed (and in the draft): only the messages change.
      setErrors(serverErrors(result.error.issues, current, body, result.error.message))
      return
    }
    removeStored(draftKey(userId))
    removeStored(`canbao.status.${userId}`)
    setLoad({ phase: 'ready', history: result.data })
    setForm(formFromHistory(result.data, today, profile.birthDate))
    setNote(savedNote(result.data))
  }

  const openCalculator = () => {
    const { body } = requestOf(form)
    handCaseToCalculator({
      province: profile.province,
      region: profile.region,
      year: Number(today.slice(0, 4)) + 1,
      history: calculatorHistory(form, officeItems),
      backPaidYears: body.backPaidYears ?? [],
      birthDate: profile.birthDate,
      ...(body.groups?.length ? { groups: body.groups } : {}),
    })
    void Taro.switchTab({ url: '/pages/calculator/index' })
  }

  const rows = [
    ...form.years.map((y) => ({ year: y.year, declared: y })),
    ...form.locked.map((l) => ({ year: l.year, locked: l })),
  ].sort((a, b) => b.year - a.year)

  return (
    <PageShell id='records-page'>
      <View className='card'>
        <View className='card-title'>我的参保年度</View>
        <Text className='muted'>
          请按年度填写是否参保、哪天缴费、那一年医保基金有没有给您报销。医保部门导入或家人代缴的年度以那份记录为准，您不需要填写。
        </Text>
      </View>
      <View className='card'>
        {rows.map((row) =>
          'locked' in row && row.locked ? (
            <View key={row.year} className='records-year' id={`records-locked-${row.year}`}>
              <View className='records-year-title'>{row.year}年度</View>
              <View className='records-locked'>
                <View>{row.locked.summary}</View>
                <View className='muted'>
                  来源：{row.locked.provenance}，以此记录为准
                  {row.locked.replacedSelf ? '（您填写的这一年没有采用）' : ''}
                </View>
              </View>
            </View>
          ) : 'declared' in row && row.declared ? (
            coveredBy(form, row.year) !== null ? (
              <View key={row.year} className='records-year' id={`records-year-${row.year}`}>
                <View className='records-year-title'>{row.year}年度</View>
                <View className='records-locked' id={`records-${row.year}-covered`}>
                  已由{coveredBy(form, row.year)}年度一次缴清的学段覆盖，这一年不用再填写
                </View>
              </View>
            ) : (
              <YearEditor
                key={row.year}
                y={row.declared}
                errors={errors}
                today={today}
                programme={programmeAllowed(profile.province, row.year)}
                onChange={(patch) => change(row.year, patch)}
              />
            )
          ) : null,
        )}
      </View>
      <GroupsEditor groups={form.groups} errors={errors} today={today} onChange={changeGroup} />
      <View className='card'>
        {(errors.form ?? []).map((m) => (
          <View key={m} className='field-error' id='records-form-error'>
            {m}
          </View>
        ))}
        {hasFieldErrors(errors) && (
          <View className='field-error' id='records-has-errors'>
            请先按红字修改，再保存。
          </View>
        )}
        {note && (
          <View className='ok-text' id='records-saved'>
            {note}
          </View>
        )}
        {asking ? (
          <View id='records-unanswered'>
            <View className='field-error' id='records-unanswered-question'>
              {unansweredQuestion(asking)}
            </View>
            <Button id='records-unanswered-back' className='choice' onClick={() => setAsking(null)}>
              返回填写
            </Button>
            <Button
              id='records-unanswered-none'
              className='button-primary'
              loading={busy}
              disabled={busy}
              onClick={() => {
                const next = answerAsNone(form)
                apply(next)
                void save(next)
              }}
            >
              按没有参保保存
            </Button>
          </View>
        ) : (
          <Button
            id='records-save'
            className='button-primary'
            loading={busy}
            disabled={busy}
            onClick={() => void save()}
          >
            保存
          </Button>
        )}
        <Button id='records-calculator' className='choice' onClick={openCalculator}>
          用这些年度算一算
        </Button>
      </View>
    </PageShell>
  )
}

function FieldErrorsFor({ errors, id }: { errors: FieldErrors; id: string }) {
  return (
    <View>
      {(errors[id] ?? []).map((m) => (
        <View key={m} className='field-error' id={`records-error-${id.replace(/\./g, '-')}`}>
          {m}
        </View>
      ))}
    </View>
  )
}

function YearEditor({
  y,
  errors,
  today,
  programme,
  onChange,
}: {
  y: DeclaredYear
  errors: FieldErrors
  today: string
  /** the province lets a student pay the whole programme at once (000 (一)) */
  programme: boolean
  onChange: (patch: Partial<Omit<DeclaredYear, 'year'>>) => void
}) {
  const key = (field: string) => `${y.year}.${field}`
  const switching = y.scheme === 'switch'
  const endedOnPicker = (
    <View>
      <View className='field-label'>
        {switching ? '职工医保停保日期（必填）' : '职工医保停保日期（全年都有可不填）'}
      </View>
      <Picker
        mode='date'
        value={y.endedOn || (switching ? `${y.year}-06-30` : `${y.year}-12-31`)}
        start={`${y.year}-01-01`}
        end={`${y.year}-12-31`}
        onChange={(e) => onChange({ endedOn: String(e.detail.value) })}
      >
        <View id={`records-${y.year}-ended-on`} className='picker-value'>
          {y.endedOn ? dateZh(y.endedOn) : switching ? '请选择停保日期' : '全年参保'} ▾
        </View>
      </Picker>
      <FieldErrorsFor errors={errors} id={key('endedOn')} />
    </View>
  )
  // A switch year's resident payment comes after the employee end: the picker opens on the day after.
  const paidOnDefault = switching && y.endedOn ? addDays(y.endedOn, 1) : `${y.year - 1}-10-01`
  // Not asked for a coverage year that has not started; the current year is asked "so far" (review 6).
  const fund = fundQuestion(y.year, today)
  const programmeIndex = Math.max(0, PROGRAMME_CHOICES.indexOf(y.programmeYears))
  return (
    <View className='records-year' id={`records-year-${y.year}`}>
      <View className='records-year-title'>{y.year}年度</View>
      <View className='choice-row'>
        {SCHEMES.map((s) => (
          <Button
            key={s.scheme}
            id={`records-${y.year}-${s.scheme}`}
            className={y.scheme === s.scheme ? 'choice choice-on' : 'choice'}
            onClick={() => onChange({ scheme: s.scheme })}
          >
            {s.label}
          </Button>
        ))}
      </View>
      <FieldErrorsFor errors={errors} id={key('scheme')} />
      <FieldErrorsFor errors={errors} id={key('year')} />
      {switching && endedOnPicker}
      {(y.scheme === 'resident' || switching) && (
        <View>
          <View className='field-label'>{switching ? '居民医保缴费日期（停保之后）' : '缴费日期'}</View>
          <Picker
            mode='date'
            value={y.paidOn || paidOnDefault}
            start={`${y.year - 2}-01-01`}
            end={today}
            onChange={(e) => onChange({ paidOn: String(e.detail.value) })}
          >
            <View id={`records-${y.year}-paid-on`} className='picker-value'>
              {y.paidOn ? dateZh(y.paidOn) : '不记得（估算：按集中参保期内按时缴费计算）'} ▾
            </View>
          </Picker>
          <FieldErrorsFor errors={errors} id={key('paidOn')} />
          {y.paidOn && (
            // 不记得 is an answer: the engine then assumes an on-time payment and the result says it is an estimate.
            <Button
              id={`records-${y.year}-paid-on-unknown`}
              className='choice records-unknown'
              onClick={() => onChange({ paidOn: '' })}
            >
              改为“不记得缴费日期”
            </Button>
          )}
          {programme && (
            <View className='records-programme'>
              <Button
                id={`records-${y.year}-programme`}
                className={y.programmeYears > 1 ? 'choice choice-on' : 'choice'}
                onClick={() => onChange({ programmeYears: y.programmeYears > 1 ? 1 : (PROGRAMME_CHOICES[0] ?? 2) })}
              >
                {y.programmeYears > 1 ? '✓ ' : ''}学生在学校一次性缴纳整个学段
              </Button>
              {y.programmeYears > 1 && (
                <View>
                  <View className='field-label'>学段共几年（含本年度）</View>
                  <Picker
                    mode='selector'
                    range={PROGRAMME_CHOICES.map((n) => `${n}年（${y.year}—${y.year + n - 1}年度）`)}
                    value={programmeIndex}
                    onChange={(e) => onChange({ programmeYears: PROGRAMME_CHOICES[Number(e.detail.value)] ?? 2 })}
                  >
                    <View id={`records-${y.year}-programme-years`} className='picker-value'>
                      {y.programmeYears}年（{y.year}—{y.year + y.programmeYears - 1}年度） ▾
                    </View>
                  </Picker>
                </View>
              )}
              <FieldErrorsFor errors={errors} id={key('programmeYears')} />
            </View>
          )}
          {fund && (
            <View id={`records-${y.year}-fund`}>
              <View className='field-label'>{fund}</View>
              <View className='choice-row'>
                {FUNDS.map((f) => (
                  <Button
                    key={f.fund}
                    id={`records-${y.year}-fund-${f.fund}`}
                    className={y.fund === f.fund ? 'choice choice-on' : 'choice'}
                    onClick={() => onChange({ fund: f.fund })}
                  >
                    {f.label}
                  </Button>
                ))}
              </View>
              <FieldErrorsFor errors={errors} id={key('fund')} />
              {y.fund === 'paid' && (
                <Button
                  id={`records-${y.year}-incentive`}
                  className={y.incentiveUsed ? 'choice choice-on' : 'choice'}
                  onClick={() => onChange({ incentiveUsed: !y.incentiveUsed })}
                >
                  {y.incentiveUsed ? '✓ ' : ''}
                  {INCENTIVE_USED_ZH}
                </Button>
              )}
              <FieldErrorsFor errors={errors} id={key('incentiveUsed')} />
            </View>
          )}
        </View>
      )}
      {y.scheme === 'employee' && endedOnPicker}
      {y.scheme === 'none' && y.year >= SPEC_DECISIONS.mechanismStartYear && y.year <= Number(today.slice(0, 4)) && (
        <View>
          <Button
            id={`records-${y.year}-back-paid`}
            className={y.backPaid ? 'choice choice-on' : 'choice'}
            onClick={() => onChange({ backPaid: !y.backPaid })}
          >
            {y.backPaid ? '✓ ' : ''}这一年后来补缴了
          </Button>
          <FieldErrorsFor errors={errors} id={key('backPaid')} />
        </View>
      )}
    </View>
  )
}

function GroupsEditor({
  groups,
  errors,
  today,
  onChange,
}: {
  groups: GroupDraft[]
  errors: FieldErrors
  today: string
  onChange: (kind: GroupDraft['kind'], patch: Partial<Omit<GroupDraft, 'kind'>>) => void
}) {
  const years = declarableYears(today)
  return (
    <View className='card' id='records-groups'>
      <View className='card-title'>特殊人群（没有可不选）</View>
      <Text className='muted'>属于下面的人群时，参保可能不设等待期或不受集中参保期限制，以当地医保部门认定为准。</Text>
      {groups.map((g) => {
        const info = GROUP_LABELS[g.kind]
        const key = (field: string) => `group.${g.kind}.${field}`
        return (
          <View key={g.kind} className='records-year' id={`records-group-${g.kind}`}>
            <Button
              id={`records-group-${g.kind}-on`}
              className={g.on ? 'choice choice-on' : 'choice'}
              onClick={() => onChange(g.kind, { on: !g.on })}
            >
              {g.on ? '✓ ' : ''}
              {info.label}
            </Button>
            {g.on && (
              <View>
                <Text className='muted'>{info.hint}</Text>
                {g.kind !== 'newborn' && (
                  <View>
                    <View className='field-label'>参保年度</View>
                    <Picker
                      mode='selector'
                      range={years.map((year) => `${year}年度`)}
                      value={Math.max(0, years.indexOf(g.year))}
                      onChange={(e) => onChange(g.kind, { year: years[Number(e.detail.value)] ?? g.year })}
                    >
                      <View id={`records-group-${g.kind}-year`} className='picker-value'>
                        {g.year}年度 ▾
                      </View>
                    </Picker>
                  </View>
                )}
                <FieldErrorsFor errors={errors} id={key('year')} />
                {info.exit && (
                  <View>
                    <View className='field-label'>{g.kind === 'veteran-discharged' ? '退役日期' : '退出日期'}</View>
                    <Picker
                      mode='date'
                      value={g.exitedOn || `${g.year}-01-01`}
                      start={`${years[years.length - 1] ?? g.year}-01-01`}
                      end={today}
                      onChange={(e) => onChange(g.kind, { exitedOn: String(e.detail.value) })}
                    >
                      <View id={`records-group-${g.kind}-exited-on`} className='picker-value'>
                        {g.exitedOn ? dateZh(g.exitedOn) : '请选择日期'} ▾
                      </View>
                    </Picker>
                    <FieldErrorsFor errors={errors} id={key('exitedOn')} />
                  </View>
                )}
              </View>
            )}
          </View>
        )
      })}
    </View>
  )
}
