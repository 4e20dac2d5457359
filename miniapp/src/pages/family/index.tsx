import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Picker, Switch, Text, View } from '@tarojs/components'
import type { Member, Payment, YearStatus } from '@canbao/shared/api/family'
import {
  GUARDIAN_COMMITMENT_VERSION,
  GUARDIAN_COMMITMENT_ZH,
  RELATIONSHIPS,
  RELATIONSHIP_ZH,
  type Relationship,
} from '@canbao/shared/family/index'
import { ConsentCheck } from '../../components/ConsentCheck'
import { ErrorCard } from '../../components/ErrorCard'
import { PageShell } from '../../components/PageShell'
import { SignInCard } from '../../components/SignInCard'
import { phaseError, shownData, useLoad } from '../../lib/load'
import { Prose } from '../../components/Prose'
import { useSession } from '../../lib/session'
import { todayCst } from '../../lib/today'
import {
  acceptInvitation,
  fetchAccount,
  fetchMembers,
  fetchPayments,
  inviteRelative,
  newIdempotencyKey,
  payFor,
  unbindMember,
  uploadHouseholdProof,
} from '../../api/family'
import {
  FAMILY_AID_EXPLAINED_ZH,
  acceptErrorText,
  balanceText,
  benefitText,
  canPay,
  confirmationOf,
  familyOf,
  inviteExpiryText,
  payButtons,
  paymentOutcome,
  receiptLines,
  syncedText,
  unbindQuestion,
  yearLine,
  youText,
} from './model'
import './index.css'

const STATUS_ZH = { invited: '等待对方确认', active: '已绑定', unbound: '已解除' } as const

/** A guardian binding waits for the household check, not for the child: say which. */
function statusText(m: Member): string {
  if (m.guardianReview?.status === 'pending') return '等待核实户籍关系'
  if (m.guardianReview?.status === 'refused') return '未通过户籍关系核实'
  return STATUS_ZH[m.status]
}

/** Shown on the list: open bindings, and a refused guardian binding so the payer reads why. */
const listed = (m: Member) => m.status !== 'unbound' || m.guardianReview?.status === 'refused'

interface Pending {
  member: Member
  row: YearStatus
  key: string
}

/** Asks before a bond ends; resolves true only on the explicit confirm. */
async function confirmUnbind(question: ReturnType<typeof unbindQuestion>): Promise<boolean> {
  const answer = await Taro.showModal({
    title: question.title,
    content: question.content,
    confirmText: question.confirmText,
    confirmColor: '#b42318',
    cancelText: '不解除',
  })
  return answer.confirm
}

/** Members, the employee account and the receipts, asked at once and shown as one. */
async function fetchFamily() {
  const [m, a, p] = await Promise.all([fetchMembers(), fetchAccount(), fetchPayments()])
  return familyOf(m, a, p)
}

export default function FamilyPage() {
  const session = useSession()
  const { state: view, reload } = useLoad(fetchFamily, { enabled: !!session, key: session?.user.id })
  const [pending, setPending] = useState<Pending | null>(null)
  const [result, setResult] = useState<{ ok: boolean; text: string; payment?: Payment; benefit?: string } | null>(null)
  const [busy, setBusy] = useState(false)

  const confirmPay = async () => {
    if (!pending) return
    setBusy(true)
    const r = await payFor(
      { relativeId: pending.member.id, year: pending.row.year, item: pending.row.item },
      pending.key,
    )
    setBusy(false)
    if (!r.ok) {
      // A lost answer keeps the same key, so "再试一次" cannot charge twice.
      setResult({ ok: false, text: r.error.message })
      return
    }
    setPending(null)
    // the receipt repeats when benefits start, as the confirmation said it (finding 8)
    setResult({
      ...paymentOutcome(r.data.payment),
      payment: r.data.payment,
      benefit: benefitText(pending.member, pending.row),
    })
    void reload()
  }

  const unbind = async (id: string, question: ReturnType<typeof unbindQuestion>) => {
    if (!(await confirmUnbind(question))) return
    const r = await unbindMember(id)
    setResult(r.ok ? { ok: true, text: '已解除绑定。' } : { ok: false, text: r.error.message })
    void reload()
  }

  if (!session) {
    return (
      <PageShell id='family-page'>
        <SignInCard buttonId='family-sign-in' title='家庭共济' text={`${FAMILY_AID_EXPLAINED_ZH.what}登录后使用。`} />
      </PageShell>
    )
  }

  const today = todayCst()
  const ready = shownData(view)
  const error = phaseError(view)
  const account = ready?.account
  const employee = account?.kind === 'employee' ? account.account : null
  const members = ready?.members.members.filter(listed) ?? []

  return (
    <PageShell id='family-page'>
      {view.phase === 'loading' && !ready && (
        <View className='card'>
          <View className='card-title'>家庭共济</View>
          <Text className='muted'>正在加载…</Text>
        </View>
      )}

      {employee && (
        <View className='card' id='family-account'>
          <View className='card-title'>家庭共济</View>
          <Text className='muted'>职工医保个人账户余额</Text>
          <View id='family-balance' className='family-balance'>
            {balanceText(employee)}
          </View>
          {employee.pendingFen > 0 && (
            <View className='muted'>
              其中 {balanceText({ ...employee, balanceFen: employee.pendingFen })} 正在确认中
            </View>
          )}
          <View id='family-synced' className='muted'>
            {syncedText(employee)}
          </View>
        </View>
      )}

      {account?.kind === 'none' && (
        <View className='card' id='family-explain'>
          <View className='card-title'>{FAMILY_AID_EXPLAINED_ZH.title}</View>
          <View className='family-explain-line'>{FAMILY_AID_EXPLAINED_ZH.what}</View>
          <View className='family-explain-line'>{FAMILY_AID_EXPLAINED_ZH.who}</View>
          <View id='family-explain-you' className='family-explain-line'>
            {youText(account)}
          </View>
          {account.profileMissing && (
            <Button
              id='family-go-me'
              className='button-primary'
              onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}
            >
              填写参保人信息
            </Button>
          )}
        </View>
      )}

      {account?.kind === 'unknown' && (
        <ErrorCard
          id='family-account-error'
          retryId='family-account-retry'
          title='家庭共济'
          error={account.error}
          secondary
          onRetry={() => void reload()}
        />
      )}

      {error && <ErrorCard id='family-error' retryId='family-retry' error={error} onRetry={() => void reload()} />}

      {result && (
        <View className='card' id='family-result'>
          <View className={result.ok ? 'ok-text' : 'error-text'}>{result.text}</View>
          {result.payment?.receipt && <Receipt payment={result.payment} benefit={result.benefit} />}
        </View>
      )}

      {ready && (employee || members.length > 0) && (
        <View className='card' id='family-members'>
          <View className='card-title'>我的家人</View>
          {members.length === 0 && <Text className='muted'>还没有绑定家人。在下方邀请。</Text>}
          {members.map((m) => (
            <View key={m.id} className='family-row' id={`family-member-${m.id}`}>
              <View>
                <Text className='family-name'>{m.name}</Text>
                {/* each part unbroken: 大字模式 otherwise split "已绑定" over two lines */}
                {[m.relationshipZh, m.idNumberMasked, statusText(m)].map((part, i) => (
                  <Text key={i} className='family-tag'>
                    {i > 0 ? '· ' : ''}
                    {part}
                  </Text>
                ))}
              </View>
              {m.status === 'invited' && !m.guardianReview && <View className='muted'>{inviteExpiryText(m)}</View>}
              {m.guardianReview && m.status !== 'active' && <HouseholdProof member={m} onDone={() => void reload()} />}
              {m.status === 'active' &&
                payButtons(m, today).map(({ row, label, primary }) => (
                  <View key={`${row.year}-${row.item}`} className='family-year'>
                    <View className='muted'>
                      <Prose text={yearLine(row, today, m)} />
                    </View>
                    {account && canPay(account, m, row) && (
                      <Button
                        id={`family-pay-${m.id}-${row.year}-${row.item}`}
                        className={primary ? 'button-primary' : 'button-secondary'}
                        onClick={() => {
                          setResult(null)
                          setPending({ member: m, row, key: newIdempotencyKey() })
                        }}
                      >
                        {label}
                      </Button>
                    )}
                  </View>
                ))}
              {pending?.member.id === m.id && employee && (
                <ConfirmBox
                  pending={pending}
                  account={employee}
                  busy={busy}
                  onPay={() => void confirmPay()}
                  onCancel={() => setPending(null)}
                />
              )}
              {m.status !== 'unbound' && (
                <Button
                  id={`family-unbind-${m.id}`}
                  className='button-danger'
                  onClick={() => void unbind(m.id, unbindQuestion('payer', m.name, m.status))}
                >
                  {m.status === 'invited' ? '撤回邀请' : '解除绑定'}
                </Button>
              )}
            </View>
          ))}
        </View>
      )}

      {employee && <InviteForm onDone={() => void reload()} />}
      <AcceptForm onDone={() => void reload()} />

      {ready?.members.payers.some((p) => p.status === 'active') && (
        <View className='card' id='family-payers'>
          <View className='card-title'>为我缴费的家人</View>
          {ready.members.payers
            .filter((p) => p.status === 'active')
            .map((p) => (
              <View key={p.bindingId} className='family-row'>
                <Text className='family-name'>{p.payerName}</Text>
                <Text className='family-tag'>（我是其{p.relationshipZh}）</Text>
                <Button
                  id={`family-leave-${p.bindingId}`}
                  className='button-danger'
                  onClick={() => void unbind(p.bindingId, unbindQuestion('relative', p.payerName, p.status))}
                >
                  解除绑定
                </Button>
              </View>
            ))}
        </View>
      )}

      {ready && ready.receipts.length > 0 && (
        <View className='card' id='family-receipts'>
          <View className='card-title'>缴费凭证</View>
          {ready.receipts.map((p) => (
            <Receipt key={p.id} payment={p} />
          ))}
        </View>
      )}
    </PageShell>
  )
}

function ConfirmBox({
  pending,
  account,
  busy,
  onPay,
  onCancel,
}: {
  pending: Pending
  account: Parameters<typeof confirmationOf>[2]
  busy: boolean
  onPay: () => void
  onCancel: () => void
}) {
  const c = confirmationOf(pending.member, pending.row, account)
  return (
    <View className='family-confirm' id='family-confirm'>
      <View className='family-confirm-title'>{c.title}</View>
      <View id='family-confirm-amount'>{c.amount}</View>
      <View id='family-confirm-after' className={c.tooLow ? 'error-text' : ''}>
        {c.after}
      </View>
      <View id='family-confirm-benefit' className='family-confirm-benefit'>
        {c.benefit}
      </View>
      <Button
        id='family-confirm-pay'
        className='button-primary'
        loading={busy}
        disabled={busy || c.tooLow}
        onClick={onPay}
      >
        确认缴费
      </Button>
      <Button id='family-confirm-cancel' className='button-secondary' disabled={busy} onClick={onCancel}>
        取消
      </Button>
    </View>
  )
}

function Receipt({ payment, benefit }: { payment: Payment; benefit?: string }) {
  const lines = receiptLines(payment, benefit)
  if (lines.length === 0) return null
  return (
    <View className='family-row family-receipt' id={`family-receipt-${payment.id}`}>
      {lines.map((line, i) => (
        <View key={line} className={i === lines.length - 1 ? 'muted' : ''}>
          {line}
        </View>
      ))}
      {payment.receipt && (
        <Button
          id={`family-receipt-copy-${payment.id}`}
          className='choice family-receipt-copy'
          onClick={() =>
            void Taro.setClipboardData({
              data: `凭证号 ${payment.receipt?.receiptNo ?? ''} 平台流水号 ${payment.receipt?.transferNo ?? ''}`,
            })
          }
        >
          复制完整凭证号
        </Button>
      )}
    </View>
  )
}

function InviteForm({ onDone }: { onDone: () => void }) {
  const session = useSession()
  const [relationship, setRelationship] = useState<Relationship>('spouse')
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const [guardian, setGuardian] = useState(false)
  const [committed, setCommitted] = useState(false)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string; code?: string } | null>(null)
  const profile = session?.user.profile
  if (!profile) return null

  const submit = async () => {
    setBusy(true)
    const r = await inviteRelative({
      relationship,
      name: name.trim(),
      idNumber: idNumber.trim(),
      province: profile.province,
      ...(profile.region ? { region: profile.region } : {}),
      ...(guardian ? { guardian: true, ...(committed ? { commitmentVersion: GUARDIAN_COMMITMENT_VERSION } : {}) } : {}),
    })
    setBusy(false)
    if (!r.ok) return setMessage({ ok: false, text: r.error.issues?.[0]?.message ?? r.error.message })
    setName('')
    setIdNumber('')
    setMessage(
      r.data.code
        ? {
            ok: true,
            text: '邀请已生成。请把邀请码告诉家人，家人在本页“接受邀请”中填写（7 天内有效，只能用一次）。',
            code: r.data.code,
          }
        : r.data.member.status === 'active'
          ? { ok: true, text: '医保信息平台已核实户籍关系，已作为监护人绑定。' }
          : {
              ok: true,
              text: '已提交。医保信息平台没能核实您和孩子的户籍关系：请在上方“我的家人”中上传户口本上显示您和孩子的页面，孩子参保地的医保经办机构核实后绑定才生效。',
            },
    )
    onDone()
  }

  return (
    <View className='card' id='family-invite'>
      <View className='card-title'>邀请家人</View>
      <Text className='muted'>
        可绑定配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女。参保地默认与您相同。
      </Text>
      <Picker
        mode='selector'
        range={RELATIONSHIPS.map((r) => RELATIONSHIP_ZH[r])}
        value={RELATIONSHIPS.indexOf(relationship)}
        onChange={(e) => setRelationship(RELATIONSHIPS[Number(e.detail.value)] ?? 'spouse')}
      >
        <View id='family-invite-relationship' className='picker-value'>
          关系：{RELATIONSHIP_ZH[relationship]} ▾
        </View>
      </Picker>
      <Input
        id='family-invite-name'
        className='text-input'
        value={name}
        placeholder='家人姓名'
        onInput={(e) => setName(e.detail.value)}
      />
      <Input
        id='family-invite-id'
        className='text-input'
        type='idcard'
        maxlength={18}
        value={idNumber}
        placeholder='家人身份证号'
        onInput={(e) => setIdNumber(e.detail.value)}
      />
      {/* One row: the label wraps beside the switch, never under or over it (review 9). */}
      <View className='family-guardian-row' id='family-guardian-row'>
        <Text className='muted family-guardian-label' id='family-guardian-label'>
          家人未满 16 周岁，我是其监护人
        </Text>
        <Switch
          id='family-invite-guardian'
          className='family-guardian-switch'
          checked={guardian}
          onChange={(e) => setGuardian(e.detail.value)}
        />
      </View>
      {guardian && (
        <View className='family-commitment' id='family-commitment'>
          {GUARDIAN_COMMITMENT_ZH.split('\n').map((line, i) => (
            <View key={i} className={i === 0 ? 'card-title' : 'muted'}>
              {line}
            </View>
          ))}
          <ConsentCheck
            id='family-commitment-agree'
            checked={committed}
            label='我已阅读并同意《监护人承诺书》'
            onChange={setCommitted}
          />
        </View>
      )}
      <Button
        id='family-invite-submit'
        className='button-primary'
        loading={busy}
        disabled={busy || !name.trim() || !idNumber.trim()}
        onClick={() => void submit()}
      >
        发送邀请
      </Button>
      {message && (
        <View id='family-invite-result' className={message.ok ? 'ok-text' : 'error-text'}>
          {message.text}
          {message.code && (
            <View id='family-invite-code' className='family-code'>
              {message.code}
            </View>
          )}
        </View>
      )}
    </View>
  )
}

function AcceptForm({ onDone }: { onDone: () => void }) {
  const [code, setCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const submit = async () => {
    setBusy(true)
    const r = await acceptInvitation(code.trim())
    setBusy(false)
    if (!r.ok) return setMessage({ ok: false, text: acceptErrorText(r.error) })
    setCode('')
    setMessage({ ok: true, text: `已同意 ${r.data.payer.payerName} 用其个人账户为您缴费。您可以随时在本页解除。` })
    onDone()
  }
  return (
    <View className='card' id='family-accept'>
      <View className='card-title'>接受家人的邀请</View>
      <Input
        id='family-accept-code'
        className='text-input'
        value={code}
        maxlength={8}
        placeholder='8 位邀请码'
        onInput={(e) => setCode(e.detail.value)}
      />
      <Button
        id='family-accept-submit'
        className='button-primary'
        loading={busy}
        disabled={busy || code.trim().length !== 8}
        onClick={() => void submit()}
      >
        同意并绑定
      </Button>
      {message && (
        <View id='family-accept-result' className={message.ok ? 'ok-text' : 'error-text'}>
          {message.text}
        </View>
      )}
    </View>
  )
}

/** The household page of a pending guardian binding: upload it for the office, or read why it was refused. */
function HouseholdProof({ member, onDone }: { member: Member; onDone: () => void }) {
  const review = member.guardianReview
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  if (!review) return null
  if (review.status === 'refused') {
    return (
      <View className='error-text'>
        医保经办机构没有确认户籍关系：{review.refusalReason}。绑定已结束，没有发生任何扣款。
      </View>
    )
  }
  const choose = async () => {
    let path: string | undefined
    try {
      path = (await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['camera', 'album'] }))
        .tempFilePaths[0]
    } catch {
      return // cancelled
    }
    if (!path) return
    setBusy(true)
    const r = await uploadHouseholdProof(member.id, path)
    setBusy(false)
    setMessage(
      r.ok ? { ok: true, text: '已上传，等待孩子参保地的医保经办机构核实。' } : { ok: false, text: r.error.message },
    )
    if (r.ok) onDone()
  }
  return (
    <View className='family-household' id={`family-household-${member.id}`}>
      <View className='muted'>
        {review.proofUploaded
          ? '户口本页面已上传，正在等待孩子参保地的医保经办机构核实。核实前不能代缴。'
          : '医保信息平台没能核实您和孩子的户籍关系。请上传户口本上显示您和孩子的页面（JPG 或 PNG，1 MB 以内），由医保经办机构核实。核实前不能代缴。'}
      </View>
      <Button
        id={`family-household-upload-${member.id}`}
        className='button-secondary'
        loading={busy}
        disabled={busy}
        onClick={() => void choose()}
      >
        {review.proofUploaded ? '重新上传户口本页面' : '上传户口本页面'}
      </Button>
      {message && <View className={message.ok ? 'ok-text' : 'error-text'}>{message.text}</View>}
    </View>
  )
}
