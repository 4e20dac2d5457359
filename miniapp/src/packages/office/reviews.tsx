import { useCallback, useState } from 'react'
import { Button, Image, Input, Text, View } from '@tarojs/components'
import type { HouseholdReview } from '@canbao/shared/api/family'
import { ErrorCard } from '../../components/ErrorCard'
import { OfficeOnly } from '../../components/OfficeOnly'
import { PageShell } from '../../components/PageShell'
import { useSession } from '../../lib/session'
import { phaseError, shownData, useLoad } from '../../lib/load'
import type { ActionOutcome } from '../../lib/action'
import { decideReview, downloadProof, fetchAudit, fetchConflicts, fetchReviews } from '../../api/office-reviews'
import {
  auditLine,
  decisionOutcome,
  decisionRequest,
  loadReviewsPage,
  reviewDetail,
  reviewsIntroZh,
  reviewTitle,
} from './reviews-model'
import './index.css'

const loadPage = () => loadReviewsPage({ reviews: fetchReviews, conflicts: fetchConflicts, audit: fetchAudit })

/**
 * Guardian bindings of children under 16 that the household register could not confirm, for the child's office
 * to confirm or refuse from the uploaded 户口本 page; and the office's own audit log of every read of a person.
 */
export default function OfficeReviewsPage() {
  const session = useSession()
  const isOffice = session?.user.role === 'office'
  const { state, reload } = useLoad(loadPage, { enabled: isOffice, key: session?.user.id })
  const page = shownData(state)
  const error = phaseError(state) ?? page?.partError ?? null
  // Said at the top: the decided card itself leaves the list when it reloads.
  const [decided, setDecided] = useState<string | null>(null)
  const onDecided = useCallback(
    (message: string) => {
      setDecided(message)
      void reload()
    },
    [reload],
  )

  if (!isOffice) return <OfficeOnly id='office-reviews-page' />
  if (state.phase === 'failed')
    return (
      <PageShell id='office-reviews-page'>
        <ErrorCard id='office-reviews' retryId='office-reviews-retry' error={state.error} onRetry={reload} />
      </PageShell>
    )

  return (
    <PageShell id='office-reviews-page'>
      {error && <View className='card error-text'>{error.message}</View>}
      <View className='card' id='office-reviews'>
        <View className='card-title'>监护关系审核（户口本）</View>
        <Text className='muted'>{reviewsIntroZh(session.user.office?.scopeNameZh)}</Text>
        {decided && (
          <View className='ok-text review-decided' id='review-decided'>
            {decided}
          </View>
        )}
        {!page && <View className='muted'>正在加载…</View>}
        {page?.reviews.length === 0 && (
          <View className='muted' id='office-reviews-empty'>
            没有待审核的申请。
          </View>
        )}
        {page?.reviews.map((r) => (
          <ReviewCard key={r.bindingId} review={r} onDecided={onDecided} onStart={() => setDecided(null)} />
        ))}
      </View>

      <View className='card' id='office-conflicts'>
        <View className='card-title'>重复参保</View>
        <Text className='muted'>{page?.conflicts ?? '正在加载…'}</Text>
      </View>

      <View className='card' id='office-audit'>
        <View className='card-title'>查询记录（审计日志）</View>
        <Text className='muted'>
          本地区经办人员每一次查看参保人（查询、列表、详情、户口本页面）都记录在这里，不能修改或删除。
        </Text>
        {page?.audit?.length === 0 && <View className='muted'>还没有查询记录。</View>}
        {page?.audit?.map((e) => (
          <View key={e.seq} className='history-row'>
            {auditLine(e, session.user.id)}
          </View>
        ))}
      </View>
    </PageShell>
  )
}

function ReviewCard(props: { review: HouseholdReview; onDecided: (message: string) => void; onStart: () => void }) {
  const { review } = props
  const [image, setImage] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const show = async () => {
    const res = await downloadProof(review.bindingId)
    if (res.ok) setImage(res.path)
    else setProblem(res.message)
  }

  const decide = async (decision: 'confirm' | 'refuse') => {
    props.onStart()
    const request = decisionRequest(decision, reason)
    if (!request.ok) return setProblem(request.message)
    setBusy(true)
    setProblem(null)
    const outcome: ActionOutcome = decisionOutcome(review, decision, await decideReview(review.bindingId, request.body))
    setBusy(false)
    // A refused decision keeps the card and the typed reason, with the reason of the refusal under it.
    if (!outcome.ok) return setProblem(outcome.message)
    props.onDecided(outcome.message)
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
      {/* `disabled` only while busy: Taro's H5 button renders disabled="false" as an attribute, which its CSS
          greys out */}
      {/* A decision that cannot be undone: the two answers side by side with a clear gap, never touching. */}
      <View className='review-actions'>
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
      {problem && <View className='error-text'>{problem}</View>}
    </View>
  )
}
