import { useEffect, useMemo, useState } from 'react'
import { Button, Input, Picker, Switch, Text, View } from '@tarojs/components'
import {
  ASSUMPTIONS_ZH,
  LOCAL_AUTHORITY_NOTE_ZH,
  dateZh,
  fenZh,
  renderIssueZh,
  renderStepZh,
  type Evaluation,
} from '@canbao/shared/policy'
import { PageShell } from '../../components/PageShell'
import { yuanText } from '../../lib/format'
import { CapChart } from '../../components/CapChart'
import { useElderMode } from '../../lib/elder'
import { todayCst } from '../../lib/today'
import { useSession } from '../../lib/session'
import { figureContext, storedFigureSet } from '../../lib/figures'
import { refreshFigureSet } from '../../api/figures'
import {
  FIRST_YEAR,
  PROJECTION_YEARS,
  PROVINCE_OPTIONS,
  SPECIAL_GROUPS,
  calculate,
  changeYear,
  defaultForm,
  provinceFixesBaseCap,
  provinceNeedsStep,
  repairableGapYears,
  setRowStatus,
  toggleBackPaid,
  toggleRowFlag,
  type CalculatorForm,
  type CalculatorResult,
  type YearStatus,
} from './model'
import './index.css'

const STATUS_LABELS: { status: YearStatus; label: string }[] = [
  { status: 'resident', label: '居民医保' },
  { status: 'employee', label: '职工医保' },
  { status: 'gap', label: '未参保' },
]

const YEAR_CHOICES = Array.from({ length: 16 }, (_, i) => FIRST_YEAR + i)

export default function CalculatorPage() {
  const [form, setForm] = useState<CalculatorForm>(() => defaultForm(todayCst()))
  const [elder] = useElderMode()
  const session = useSession()
  const [figureSet, setFigureSet] = useState(() => storedFigureSet(form.province))
  useEffect(() => {
    setFigureSet(storedFigureSet(form.province))
    void refreshFigureSet(form.province).then(setFigureSet)
  }, [form.province, session?.token])
  const figures = figureContext(figureSet, form.province, form.year, session?.user.profile?.province === form.province ? session.user.profile.region : null)
  const outcome = useMemo(() => calculate(form, figures), [form, figures.tables, figures.region])
  const fixedBase = provinceFixesBaseCap(form.province, form.year)
  const needsStep = provinceNeedsStep(form.province, form.year)

  return (
    <PageShell id='calculator-page'>
      <View className='card'>
        <View className='card-title'>测算不用联网</View>
        <Text className='muted'>按您所在省份的文件规则，在手机上直接计算。结果仅供参考，{LOCAL_AUTHORITY_NOTE_ZH}。</Text>
        <View className='muted' id='calc-figures-version'>{figures.versionZh}</View>
      </View>

      <View className='card'>
        <View className='field-label'>参保省份</View>
        <View className='choice-row'>
          {PROVINCE_OPTIONS.map((p) => (
            <Button
              key={p.code}
              id={`calc-province-${p.code}`}
              className={p.code === form.province ? 'choice choice-on' : 'choice'}
              onClick={() => setForm({ ...form, province: p.code })}
            >
              {p.name}
            </Button>
          ))}
        </View>

        <View className='field-label'>要参保的年度</View>
        <Picker mode='selector' range={YEAR_CHOICES.map((y) => `${y}年`)} value={YEAR_CHOICES.indexOf(form.year)} onChange={(e) => setForm(changeYear(form, YEAR_CHOICES[Number(e.detail.value)] ?? form.year))}>
          <View id='calc-year' className='picker-value'>{form.year}年 ▾</View>
        </Picker>

        <View className='field-label'>缴费日期</View>
        <Picker mode='date' value={form.paidOn} start={`${FIRST_YEAR - 1}-01-01`} end={`${form.year}-12-31`} onChange={(e) => setForm({ ...form, paidOn: String(e.detail.value) })}>
          <View id='calc-paid-on' className='picker-value'>{dateZh(form.paidOn)} ▾</View>
        </Picker>

        {!fixedBase && (
          <View>
            <View className='field-label'>当地大病保险原封顶线（元）</View>
            <Input id='calc-base-cap' className='text-input' type='number' placeholder='例如 300000' value={form.baseCapYuan} onInput={(e) => setForm({ ...form, baseCapYuan: e.detail.value })} />
          </View>
        )}
        {needsStep && (
          <View>
            <View className='field-label'>每次提高或降低的额度（元，不低于1000）</View>
            <Input id='calc-step' className='text-input' type='number' placeholder='留空按1000元计算' value={form.stepYuan} onInput={(e) => setForm({ ...form, stepYuan: e.detail.value })} />
          </View>
        )}
        <View className='field-label'>当年个人缴费标准（元，用于计算补缴金额）</View>
        <Input id='calc-contribution' className='text-input' type='digit' placeholder='例如 400' value={form.contributionYuan} onInput={(e) => setForm({ ...form, contributionYuan: e.detail.value })} />

        <View className='switch-row'>
          <Text>为新生儿办理参保</Text>
          <Switch checked={form.newborn} onChange={(e) => setForm({ ...form, newborn: e.detail.value })} />
        </View>
        {form.newborn && (
          <Picker mode='date' value={form.birthDate || form.paidOn} end={form.paidOn} onChange={(e) => setForm({ ...form, birthDate: String(e.detail.value) })}>
            <View id='calc-birth-date' className='picker-value'>出生日期：{form.birthDate ? dateZh(form.birthDate) : '请选择'} ▾</View>
          </Picker>
        )}

        <View className='field-label'>特殊群体（可不选）</View>
        <View className='choice-row'>
          {SPECIAL_GROUPS.map((g) => (
            <Button
              key={g.kind}
              id={`calc-group-${g.kind}`}
              className={form.group === g.kind ? 'choice choice-on' : 'choice'}
              onClick={() => setForm({ ...form, group: form.group === g.kind ? null : g.kind })}
            >
              {form.group === g.kind ? '✓ ' : ''}
              {g.label}
            </Button>
          ))}
        </View>
        {SPECIAL_GROUPS.find((g) => g.kind === form.group)?.needsExitDate && (
          <Picker mode='date' value={form.exitedOn} end={form.paidOn} onChange={(e) => setForm({ ...form, exitedOn: String(e.detail.value) })}>
            <View id='calc-exited-on' className='picker-value'>退役或退出日期：{dateZh(form.exitedOn)} ▾</View>
          </Picker>
        )}
      </View>

      <View className='card'>
        <View className='card-title'>以前各年的参保情况</View>
        {form.rows.length === 0 && <Text className='muted'>{form.year}年是参保长效机制的第一年，不需要填写以前年度。</Text>}
        {form.rows.map((row) => (
          <View key={row.year} className='year-row' id={`calc-row-${row.year}`}>
            <View className='year-row-title'>{row.year}年</View>
            <View className='choice-row'>
              {STATUS_LABELS.map((s) => (
                <Button
                  key={s.status}
                  id={`calc-row-${row.year}-${s.status}`}
                  className={row.status === s.status ? 'choice choice-on' : 'choice'}
                  onClick={() => setForm(setRowStatus(form, row.year, s.status))}
                >
                  {s.label}
                </Button>
              ))}
            </View>
            {row.status === 'resident' && (
              <View className='choice-row'>
                <Button id={`calc-row-${row.year}-zero`} className={row.zeroClaim ? 'choice choice-on' : 'choice'} onClick={() => setForm(toggleRowFlag(form, row.year, 'zeroClaim'))}>
                  {row.zeroClaim ? '✓ ' : ''}全年没有报销
                </Button>
                <Button id={`calc-row-${row.year}-used`} className={row.incentiveUsed ? 'choice choice-on' : 'choice'} onClick={() => setForm(toggleRowFlag(form, row.year, 'incentiveUsed'))}>
                  {row.incentiveUsed ? '✓ ' : ''}大病报销用了奖励额度
                </Button>
              </View>
            )}
          </View>
        ))}
      </View>

      {outcome.ok ? (
        <Results form={form} evaluation={outcome.value.evaluation} setForm={setForm} outcome={outcome.value} elder={elder} />
      ) : (
        <View className='card' id='calc-issues'>
          <View className='card-title error-text'>请先修改这些内容</View>
          {outcome.issues.map((issue, i) => (
            <View key={i} className='error-text issue-line'>
              {renderIssueZh(issue)}
            </View>
          ))}
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
          <Text id='calc-cap' className='figure-value'>
            {e.capYuan === null ? '需填写当地原封顶线' : yuanText(e.capYuan)}
          </Text>
        </View>
        <View className='figure-row'>
          <Text className='figure-label'>待遇等待期</Text>
          <Text id='calc-waiting' className='figure-value'>
            {e.waitingMonths === null ? '—' : e.waitingMonths === 0 ? '没有等待期' : `${e.waitingMonths}个月`}
          </Text>
        </View>
        <View className='figure-row'>
          <Text className='figure-label'>开始享受待遇</Text>
          <Text id='calc-benefit-start' className='figure-value'>{e.benefitStart ? dateZh(e.benefitStart) : '—'}</Text>
        </View>
        {unverified && (
          <View className='note' id='calc-assumptions'>
            {e.assumptions.map((a) => (
              <View key={a}>· {ASSUMPTIONS_ZH[a]}</View>
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
              <Button key={y} id={`calc-backpay-${y}`} className={form.backPaidYears.includes(y) ? 'choice choice-on' : 'choice'} onClick={() => setForm(toggleBackPaid(form, y))}>
                {form.backPaidYears.includes(y) ? '✓ ' : ''}补缴{y}年
              </Button>
            ))}
          </View>
          {form.backPaidYears.length > 0 && (
            <View className='muted' id='calc-repair-cost'>
              补缴{form.backPaidYears.length}年，{e.repairCostFen === null ? '金额需填写当年个人缴费标准' : `共需${fenZh(e.repairCostFen)}`}
            </View>
          )}
          {outcome.repair && outcome.repair.monthsSaved > 0 && (
            <View className='muted' id='calc-repair-all'>
              如果补缴全部{outcome.repair.repairableYears.length === 0 ? '' : '剩余'}断保年度，等待期可缩短{outcome.repair.monthsSaved}个月，从{dateZh(outcome.repair.benefitStartAfter ?? '')}起享受待遇
              {outcome.repair.costFen !== null ? `，需${fenZh(outcome.repair.costFen)}` : ''}。
            </View>
          )}
        </View>
      )}

      <View className='card' id='calc-explanation'>
        <View className='card-title'>计算过程</View>
        {e.explanation.map((step, i) => (
          <View key={i} className='explain-line'>
            {i + 1}. {renderStepZh(step)}
          </View>
        ))}
      </View>

      {outcome.series.length > 1 && (
        <View className='card' id='calc-projection'>
          <View className='card-title'>继续连续参保{PROJECTION_YEARS}年，限额会这样变化</View>
          <Text className='muted'>假设每年按时缴费、每年都有报销。</Text>
          <CapChart id='calc-chart' series={outcome.series} elder={elder} />
        </View>
      )}
    </View>
  )
}
