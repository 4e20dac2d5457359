import { useCallback, useEffect, useState } from 'react'
import { Button, Image, Input, Text, View } from '@tarojs/components'
import type { AuditEntry } from '@canbao/shared/api/office'
import type { HouseholdReview } from '@canbao/shared/api/family'
import { PageShell } from '../../components/PageShell'
import type { ClientError } from '../../api/client'
import { useSession } from '../../lib/session'
import { decideReview, downloadProof, fetchAudit, fetchConflicts, fetchReviews } from '../../api/office-reviews'
import { auditLine, conflictsLine, refusalProblem, reviewDetail, reviewTitle } from './reviews-model'
import './index.css'

/**
 * Guardian bindings of children under 16 that the household register could not confirm, for the child's office
 * to confirm or refuse from the uploaded 户口本 page; and the office's own audit log of every read of a person.
 */
export default function OfficeReviewsPage() {
  const session = useSession()
  const [reviews, setReviews] = useState<HouseholdReview[] | null>(null)
  const [audit, setAudit] = useState<AuditEntry[] | null>(null)
  const [conflicts, setConflicts] = useState<string | null>(null)
  const [error, setError] = useState<ClientError | null>(null)

  const load = useCallback(async () => {
    const [r, c] = await Promise.all([fetchReviews(), fetchConflicts()])
    // The audit is read after the list: the list itself is a read that the audit records.
    const a = await fetchAudit()
    if (r.ok) setReviews(r.data.reviews)
    if (a.ok) setAudit(a.data.entries)
    if (c.ok) setConflicts(conflictsLine(c.data))
    const failed = [r, a, c].find((x) => !x.ok)
    setError(failed && !failed.ok ? failed.error : null)
  }, [])

  useEffect(() => {
    if (session?.user.role === 'office') void load()
  }, [session?.user.role, load])

  if (session?.user.role !== 'office') {
    return (
      <PageShell id='office-reviews-page'>
        <View className='card'>
          <View className='card-title'>仅限医保经办人员</View>
          <Text className='muted'>如您是经办人员，请用已授权的账号登录。</Text>
        </View>
      </PageShell>
    )
  }

  return (
    <PageShell id='office-reviews-page'>
      {error && <View className='card error-text'>{error.message}</View>}
      <View className='card' id='office-reviews'>
        <View className='card-title'>监护关系审核（户口本）</View>
        <Text className='muted'>
          {session.user.office?.scopeNameZh}：为未满 16
          周岁的孩子绑定家庭共济、医保信息平台未能核实户籍关系的申请。请核对户口本页面上付款人与孩子的关系后确认；不符的请写明原因，付款人会看到。确认前不能代缴，付款人也看不到孩子的参保信息。
        </Text>
        {reviews === null && !error && <View className='muted'>正在加载…</View>}
        {reviews?.length === 0 && (
          <View className='muted' id='office-reviews-empty'>
            没有待审核的申请。
          </View>
        )}
        {reviews?.map((r) => (
          <ReviewCard key={r.bindingId} review={r} onDecided={() => void load()} />
        ))}
      </View>

      <View className='card' id='office-conflicts'>
        <View className='card-title'>重复参保</View>
        <Text className='muted'>{conflicts ?? '正在加载…'}</Text>
      </View>

      <View className='card' id='office-audit'>
        <View className='card-title'>查询记录（审计日志）</View>
        <Text className='muted'>
          本地区经办人员每一次查看参保人（查询、列表、详情、户口本页面）都记录在这里，不能修改或删除。
        </Text>
        {audit?.length === 0 && <View className='muted'>还没有查询记录。</View>}
        {audit?.map((e) => (
          <View key={e.seq} className='history-row'>
            {auditLine(e, session.user.id)}
          </View>
        ))}
      </View>
    </PageShell>
  )
}

function ReviewCard({ review, onDecided }: { review: HouseholdReview; onDecided: () => void }) {
  const [image, setImage] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [busy, setBusy] = useState(false)

  const show = async () => {
    const res = await downloadProof(review.bindingId)
    if (res.ok) setImage(res.path)
    else setMessage({ ok: false, text: res.message })
  }

  const decide = async (decision: 'confirm' | 'refuse') => {
    if (decision === 'refuse') {
      const problem = refusalProblem(reason)
      if (problem) return setMessage({ ok: false, text: problem })
    }
    setBusy(true)
    const res = await decideReview(
      review.bindingId,
      decision === 'confirm' ? { decision } : { decision, reason: reason.trim() },
    )
    setBusy(false)
    if (!res.ok) return setMessage({ ok: false, text: res.error.issues?.[0]?.message ?? res.error.message })
    setMessage({ ok: true, text: decision === 'confirm' ? '已确认，绑定生效。' : '已不予确认，付款人会看到原因。' })
    onDecided()
  }

  return (
    <View className='history-row review' id={`review-${review.bindingId}`}>
      <View>{reviewTitle(review)}</View>
      <View className='muted'>{reviewDetail(review)}</View>
      {image ? (
        <Image className='review-proof' src={image} mode='widthFix' />
      ) : (
        <Button className='choice review-show' onClick={() => void show()}>
          查看户口本页面
        </Button>
      )}
      <Input
        className='text-input review-reason'
        value={reason}
        maxlength={100}
        placeholder='不予确认时填写原因（付款人会看到）'
        onInput={(e) => setReason(e.detail.value)}
      />
      {/* `disabled` only while busy: Taro's H5 button renders disabled="false" as an attribute, which its CSS greys out */}
      <View>
        <Button
          className='button-primary review-confirm'
          disabled={busy || undefined}
          onClick={() => void decide('confirm')}
        >
          确认监护关系
        </Button>
        <Button className='choice review-refuse' disabled={busy || undefined} onClick={() => void decide('refuse')}>
          不予确认
        </Button>
      </View>
      {message && <View className={message.ok ? 'ok-text' : 'error-text'}>{message.text}</View>}
    </View>
  )
}
