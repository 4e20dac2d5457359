import { useEffect, useMemo, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { Button, Input, Picker, Switch, Text, View } from '@tarojs/components'
import { LOCAL_AUTHORITY_NOTE_ZH, dateZh, fenZh, renderIssueZh, type Evaluation } from '@canbao/shared/policy'
import { explainLines } from '@canbao/shared/texts/explain-view-zh'
import { ExplainSteps } from '../../components/FigureRow'
import { cachedStatus } from '../../api/status'
import { fetchHistory } from '../../api/history'
import { takeCalculatorCase } from '../../lib/calculator-case'
import { currentSession, useSession } from '../../lib/session'
import { figureContext, storedFigureSet } from '../../lib/figures'
import { refreshFigureSet } from '../../api/figures'
import { PageShell } from '../../components/PageShell'
import { Prose } from '../../components/Prose'
import { capRelation, capValue } from '../index/status-model'
import { CapChart } from '../../components/CapChart'
import { capChartTitle } from '../../components/cap-chart-model'
import { useElderMode } from '../../lib/elder'
import { todayCst } from '../../lib/today'
import {
  FIRST_YEAR,
  assumptionNotes,
  PROVINCE_OPTIONS,
  SPECIAL_GROUPS,
  calculate,
  changeYear,
  caseYear,
  defaultForm,
  fieldIssues,
  formFromCase,
  ifNoClaimsText,
  provinceFixesBaseCap,
  provinceNeedsStep,
  repairableGapYears,
  setRowStatus,
  setRowFund,
  toggleBackPaid,
  toggleIncentiveUsed,
  type CalculatorForm,
  type CalculatorResult,
  type FieldKey,
  type YearStatus,
  stepMinimumYuan,
  stepUsedWhenEmpty,
} from './model'
import { CLAIM_CHOICES_ZH, INCENTIVE_USED_ZH, claimQuestionZh } from '@canbao/shared/texts/claims-zh'
import './index.css'

const STATUS_LABELS: { status: YearStatus; label: string }[] = [
  { status: 'resident', label: '居民医保' },
  { status: 'employee', label: '职工医保' },
  { status: 'gap', label: '未参保' },
]

/** What the page does, first; that it works offline comes last (the old heading said only that). */
const CALCULATOR_INTRO =
  '填写参保省份和以前各年的参保情况，按您所在省份的文件规则算出限额、等待期和补缴费用；不用联网也能算。' +
  `结果仅供参考，${LOCAL_AUTHORITY_NOTE_ZH}。`

const YEAR_CHOICES = Array.from({ length: 16 }, (_, i) => FIRST_YEAR + i)

export default function CalculatorPage() {
  const [form, setFormState] = useState<CalculatorForm>(() => initialForm(todayCst()))
  const edit = (next: CalculatorForm) => setFormState({ ...next, touched: true })
  const [elder] = useElderMode()
  // A tab stays mounted: a case handed over from the home card or the records page arrives on show.
  useDidShow(() => {
    const handed = takeCalculatorCase()
    if (handed) setFormState(formFromCase(handed, todayCst()))
  })
  // Signed in but the home page has not answered yet on this phone: read the declared years once.
  useEffect(() => {
    const session = currentSession()
    const profile = session?.user.profile
    if (!session || !profile || cachedStatus(session.user.id)) return
    let current = true
    void fetchHistory().then((result) => {
      if (!current || !result.ok) return
      const today = todayCst()
      setFormState((before) =>
        before.touched
          ? before
          : formFromCase(
              {
                province: profile.province,
                region: profile.region,
                year: caseYear(today, profile.province),
                history: result.data.history,
                backPaidYears: result.data.backPaidYears,
              },
              today,
            ),
      )
    })
    return () => {
      current = false
    }
  }, [])
  const session = useSession()
  // The region figures the offices published, downloaded and kept for offline use; the built-in tables otherwise.
  const [figureSet, setFigureSet] = useState(() => storedFigureSet(form.province))
  useEffect(() => {
    setFigureSet(storedFigureSet(form.province))
    void refreshFigureSet(form.province).then(setFigureSet)
  }, [form.province, session?.token])
  const figures = figureContext(
    figureSet,
    form.province,
    form.year,
    form.region ?? (session?.user.profile?.province === form.province ? session.user.profile.region : null),
  )
  const today = todayCst()
  const outcome = useMemo(() => calculate(form, figures, today), [form, figures.tables, figures.region, today])
  const errors = outcome.ok ? {} : fieldIssues(form, outcome.issues, renderIssueZh)
  const fieldError = (key: FieldKey) =>
    (errors[key] ?? []).map((m) => (
      <View key={m} className='error-text issue-line field-error' id={`calc-error-${key}`}>
        {m}
      </View>
    ))
  const fixedBase = provinceFixesBaseCap(form.province, form.year)
  const needsStep = provinceNeedsStep(form.province, form.year)

  return (
    <PageShell id='calculator-page'>
      <View className='card'>
        <View className='card-title'>算一算大病保险限额和等待期</View>
        <Text className='muted'>{CALCULATOR_INTRO}</Text>
        <View className='muted' id='calc-figures-version'>
          {figures.versionZh}
        </View>
      </View>

      <View className='card'>
        <View className='field-label'>参保省份</View>
        <View className='choice-row'>
          {PROVINCE_OPTIONS.map((p) => (
            <Button
              key={p.code}
              id={`calc-province-${p.code}`}
              className={p.code === form.province ? 'choice choice-on' : 'choice'}
              onClick={() =>
                edit({ ...form, province: p.code, ...(form.region?.startsWith(p.code) ? {} : { region: undefined }) })
              }
            >
              {p.name}
            </Button>
          ))}
        </View>

        <View className='field-label'>要参保的年度</View>
        <Picker
          mode='selector'
          range={YEAR_CHOICES.map((y) => `${y}年`)}
          value={YEAR_CHOICES.indexOf(form.year)}
          onChange={(e) => edit(changeYear(form, YEAR_CHOICES[Number(e.detail.value)] ?? form.year))}
        >
          <View id='calc-year' className='picker-value'>
            {form.year}年 ▾
          </View>
        </Picker>
        {fieldError('year')}

        <View className='field-label'>缴费日期</View>
        <Picker
          mode='date'
          value={form.paidOn}
          start={`${FIRST_YEAR - 1}-01-01`}
          end={`${form.year}-12-31`}
          onChange={(e) => edit({ ...form, paidOn: String(e.detail.value) })}
        >
          <View id='calc-paid-on' className='picker-value'>
            {dateZh(form.paidOn)} ▾
          </View>
        </Picker>
        {fieldError('paidOn')}

        {!fixedBase && (
          <View>
            <View className='field-label'>当地大病保险原封顶线（元）</View>
            <Input
              id='calc-base-cap'
              className='text-input'
              type='number'
              placeholder='例如 300000'
              value={form.baseCapYuan}
              onInput={(e) => edit({ ...form, baseCapYuan: e.detail.value })}
            />
            {fieldError('baseCap')}
          </View>
        )}
        {needsStep && (
          <View>
            <View className='field-label'>
              每次提高或降低的额度（元，不低于{stepMinimumYuan(form.province, form.year)}）
            </View>
            <Input
              id='calc-step'
              className='text-input'
              type='number'
              placeholder={`留空按${stepUsedWhenEmpty(form.province, form.year, figures)}元计算`}
              value={form.stepYuan}
              onInput={(e) => edit({ ...form, stepYuan: e.detail.value })}
            />
            {fieldError('step')}
          </View>
        )}
        <View className='field-label'>当年个人缴费标准（元，用于计算补缴金额）</View>
        <Input
          id='calc-contribution'
          className='text-input'
          type='digit'
          placeholder='例如 400'
          value={form.contributionYuan}
          onInput={(e) => edit({ ...form, contributionYuan: e.detail.value })}
        />
        {fieldError('contribution')}

        <View className='switch-row'>
          <Text>为新生儿办理参保</Text>
          <Switch checked={form.newborn} onChange={(e) => edit({ ...form, newborn: e.detail.value })} />
        </View>
        {form.newborn && (
          <Picker
            mode='date'
            value={form.birthDate || form.paidOn}
            end={form.paidOn}
            onChange={(e) => edit({ ...form, birthDate: String(e.detail.value) })}
          >
            <View id='calc-birth-date' className='picker-value'>
              出生日期：{form.birthDate ? dateZh(form.birthDate) : '请选择'} ▾
            </View>
          </Picker>
        )}
        {fieldError('birthDate')}

        <View className='field-label'>特殊群体（可不选）</View>
        <View className='choice-row'>
          {SPECIAL_GROUPS.map((g) => (
            <Button
              key={g.kind}
              id={`calc-group-${g.kind}`}
              className={form.group === g.kind ? 'choice choice-on' : 'choice'}
              onClick={() => edit({ ...form, group: form.group === g.kind ? null : g.kind })}
            >
              {form.group === g.kind ? '✓ ' : ''}
              {g.label}
            </Button>
          ))}
        </View>
        {SPECIAL_GROUPS.find((g) => g.kind === form.group)?.needsExitDate && (
          <Picker
            mode='date'
            value={form.exitedOn}
            end={form.paidOn}
            onChange={(e) => edit({ ...form, exitedOn: String(e.detail.value) })}
          >
            <View id='calc-exited-on' className='picker-value'>
              退役或退出日期：{dateZh(form.exitedOn)} ▾
            </View>
          </Picker>
        )}
        {fieldError('exitedOn')}
      </View>

      <View className='card'>
        <View className='card-title'>以前各年的参保情况</View>
        {form.rows.length === 0 && (
          <Text className='muted'>{form.year}年是参保长效机制的第一年，不需要填写以前年度。</Text>
        )}
        {form.rows.map((row) => (
          <View key={row.year} className='year-row' id={`calc-row-${row.year}`}>
            <View className='year-row-title'>{row.year}年</View>
            <View className='choice-row'>
              {STATUS_LABELS.map((s) => (
                <Button
                  key={s.status}
                  id={`calc-row-${row.year}-${s.status}`}
                  className={row.status === s.status ? 'choice choice-on' : 'choice'}
                  onClick={() => edit(setRowStatus(form, row.year, s.status))}
                >
                  {s.label}
                </Button>
              ))}
            </View>
            {row.status === 'resident' && claimQuestionZh(row.year, today) && (
              <View id={`calc-row-${row.year}-fund`}>
                <View className='field-label'>{claimQuestionZh(row.year, today)}</View>
                <View className='choice-row'>
                  {CLAIM_CHOICES_ZH.map((c) => (
                    <Button
                      key={c.answer}
                      id={`calc-row-${row.year}-${c.answer}`}
                      className={row.fund === c.answer ? 'choice choice-on' : 'choice'}
                      onClick={() => edit(setRowFund(form, row.year, c.answer))}
                    >
                      {c.label}
                    </Button>
                  ))}
                </View>
                {row.fund === 'paid' && (
                  <Button
                    id={`calc-row-${row.year}-used`}
                    className={row.incentiveUsed ? 'choice choice-on' : 'choice'}
                    onClick={() => edit(toggleIncentiveUsed(form, row.year))}
                  >
                    {row.incentiveUsed ? '✓ ' : ''}
                    {INCENTIVE_USED_ZH}
                  </Button>
                )}
              </View>
            )}
          </View>
        ))}
        {fieldError('rows')}
        {fieldError('backPay')}
      </View>

      {outcome.ok ? (
        <Results
          form={form}
          evaluation={outcome.value.evaluation}
          setForm={edit}
          outcome={outcome.value}
          elder={elder}
        />
      ) : (
        <View className='card' id='calc-issues'>
          <View className='card-title error-text'>这样填写无法计算</View>
          <View className='error-text issue-line'>请按上面输入框下方的红字修改。</View>
          {fieldError('other')}
        </View>
      )}
    </PageShell>
  )
}

interface ResultsProps {
  form: CalculatorForm
  evaluation: Evaluation
  outcome: CalculatorResult
  setForm: (form: CalculatorForm) => void
  elder: boolean
}

function Results({ form, evaluation: e, outcome, setForm, elder }: ResultsProps) {
  const gapYears = repairableGapYears(form, e)
  const unverified = e.assumptions.length > 0
  return (
    <View>
      <View className='card' id='calc-result'>
        <View className='card-title'>{form.year}年的结果</View>
        <View className='figure-row'>
          <Text className='figure-label'>大病保险最高支付限额</Text>
          <Text id='calc-cap' className={e.capYuan === null ? 'figure-value figure-value-unknown' : 'figure-value'}>
            {capValue(e)}
          </Text>
        </View>
        {outcome.ifNoClaims && (
          <View className='figure-condition' id='calc-cap-if-no-claims'>
            <Prose text={ifNoClaimsText(form.year, outcome.ifNoClaims.years, outcome.ifNoClaims.evaluation)} />
          </View>
        )}
        {e.capYuan === null && (
          // As on the home card: no formula in the figure's place; what is known, and how to get the amount.
          <View className='muted' id='calc-cap-note'>
            当地原封顶线尚未公布：填写后可算出金额{capRelation(e) ? `；您的限额${capRelation(e)}` : ''}
          </View>
        )}
        <View className='figure-row'>
          <Text className='figure-label'>待遇等待期</Text>
          <Text id='calc-waiting' className='figure-value'>
            {e.waitingMonths === null ? '—' : e.waitingMonths === 0 ? '没有等待期' : `${e.waitingMonths}个月`}
          </Text>
        </View>
        <View className='figure-row'>
          <Text className='figure-label'>开始享受待遇</Text>
          <Text id='calc-benefit-start' className='figure-value'>
            {e.benefitStart ? dateZh(e.benefitStart) : '—'}
          </Text>
        </View>
        {unverified && (
          <View className='note' id='calc-assumptions'>
            {assumptionNotes(e).map((note) => (
              <View key={note}>· {note}</View>
            ))}
            <View>{LOCAL_AUTHORITY_NOTE_ZH}。</View>
          </View>
        )}
      </View>

      {gapYears.length > 0 && (
        <View className='card' id='calc-backpay'>
          <View className='card-title'>补缴能缩短等待期</View>
          <Text className='muted'>补缴断保年度，每补1年少等1个月；补缴不能恢复连续参保，也不能取消限额的降低。</Text>
          <View className='choice-row'>
            {gapYears.map((y) => (
              <Button
                key={y}
                id={`calc-backpay-${y}`}
                className={form.backPaidYears.includes(y) ? 'choice choice-on' : 'choice'}
                onClick={() => setForm(toggleBackPaid(form, y))}
              >
                {form.backPaidYears.includes(y) ? '✓ ' : ''}补缴{y}年
              </Button>
            ))}
          </View>
          {form.backPaidYears.length > 0 && (
            <View className='muted' id='calc-repair-cost'>
              补缴{form.backPaidYears.length}年，
              {e.repairCostFen === null ? '金额需填写当年个人缴费标准' : `共需${fenZh(e.repairCostFen)}`}
            </View>
          )}
          {outcome.repair && outcome.repair.monthsSaved > 0 && (
            <View className='muted' id='calc-repair-all'>
              如果补缴全部{outcome.repair.repairableYears.length === 0 ? '' : '剩余'}断保年度，等待期可缩短
              {outcome.repair.monthsSaved}个月，从{dateZh(outcome.repair.benefitStartAfter ?? '')}起享受待遇
              {outcome.repair.costFen !== null ? `，需${fenZh(outcome.repair.costFen)}` : ''}。
            </View>
          )}
        </View>
      )}

      <View className='card' id='calc-explanation'>
        <View className='card-title'>计算过程</View>
        <ExplainSteps
          id='calc-explanation-steps'
          title={`${form.year}年度怎么算`}
          lines={explainLines(e.explanation)}
        />
      </View>

      {/* Always shown: with fewer than two caps the chart says in words why there is nothing to draw. */}
      <View className='card' id='calc-projection'>
        <View className='card-title' id='calc-projection-title'>
          {capChartTitle(outcome.series)}
        </View>
        <Text className='muted'>假设每年按时缴费、每年都有报销。</Text>
        <CapChart id='calc-chart' series={outcome.series} elder={elder} />
      </View>
    </View>
  )
}

/**
 * The signed-in resident's own case (province, region, declared years from the last status answer);
 * a visitor gets the blank form.
 */
function initialForm(today: string): CalculatorForm {
  const handed = takeCalculatorCase()
  if (handed) return formFromCase(handed, today)
  const session = currentSession()
  const profile = session?.user.profile
  if (!session || !profile) return defaultForm(today)
  const snapshot = cachedStatus(session.user.id)
  return formFromCase(
    {
      province: profile.province,
      region: profile.region,
      year: caseYear(today, profile.province),
      history: snapshot?.history.history ?? [],
      backPaidYears: snapshot?.history.backPaidYears ?? [],
    },
    today,
  )
}
