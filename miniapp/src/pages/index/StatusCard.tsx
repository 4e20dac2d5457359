import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { ageZh, cachedStatus, fetchStatus, type StatusSnapshot } from '../../api/status'
import type { ClientError } from '../../api/client'
import type { Session } from '../../lib/session'
import { todayCst } from '../../lib/today'
import { nextAction, provenanceText, windowFor, windowText, yearCard, type FigureLine } from './status-model'
import { figureContext, storedFigureSet } from '../../lib/figures'
import { refreshFigureSet } from '../../api/figures'

type Phase =
  | { phase: 'loading'; cached?: StatusSnapshot }
  | { phase: 'ready'; snapshot: StatusSnapshot }
  | { phase: 'stale'; snapshot: StatusSnapshot; error: ClientError }
  | { phase: 'failed'; error: ClientError }

export function StatusCard({ session }: { session: Session }) {
  const userId = session.user.id
  const [state, setState] = useState<Phase>(() => ({ phase: 'loading', cached: cachedStatus(userId) }))

  const load = useCallback(async () => {
    const cached = cachedStatus(userId)
    setState({ phase: 'loading', cached })
    const result = await fetchStatus(userId, todayCst())
    if (result.ok) setState({ phase: 'ready', snapshot: result.data })
    else if (cached) setState({ phase: 'stale', snapshot: cached, error: result.error })
    else setState({ phase: 'failed', error: result.error })
  }, [userId])

  useEffect(() => {
    void load()
  }, [load])

  if (state.phase === 'failed') {
    return (
      <View className='card' id='status-card'>
        <View className='card-title'>我的参保状态</View>
        <Text id='status-error' className='error-text'>{state.error.message}</Text>
        <Button id='status-retry' className='button-primary' onClick={() => void load()}>重试</Button>
      </View>
    )
  }
  const snapshot = state.phase === 'loading' ? state.cached : state.snapshot
  if (!snapshot) {
    return (
      <View className='card' id='status-card'>
        <View className='card-title'>我的参保状态</View>
        <Text id='status-loading' className='muted'>正在查询您的参保状态…</Text>
      </View>
    )
  }
  return <StatusBody snapshot={snapshot} stale={state.phase === 'stale' ? state.error : null} refreshing={state.phase === 'loading'} region={session.user.profile?.region ?? null} onRetry={() => void load()} />
}

function showSource(line: FigureLine) {
  if (line.sourceDetail) void Taro.showModal({ title: '数据来源', content: line.sourceDetail, showCancel: false, confirmText: '知道了' })
}

function StatusBody(props: { snapshot: StatusSnapshot; stale: ClientError | null; refreshing: boolean; region: string | null; onRetry: () => void }) {
  const { snapshot, stale, refreshing, region, onRetry } = props
  const today = todayCst()
  const cards = [yearCard(snapshot.thisYear), yearCard(snapshot.nextYear)]
  const province = snapshot.nextYear.evaluation.province
  const [figureSet, setFigureSet] = useState(() => storedFigureSet(province))
  useEffect(() => {
    void refreshFigureSet(province).then(setFigureSet)
  }, [province, snapshot.fetchedAtMs])
  const nextWindow = windowFor(snapshot.nextYear, region, today, figureContext(figureSet, province, snapshot.nextYear.year, region).tables)
  const action = nextAction(snapshot.thisYear, snapshot.nextYear, nextWindow)
  return (
    <View id='status-card'>
      {(stale || refreshing) && (
        <View className='note' id='status-stale'>
          {stale ? `${stale.message} 下面是${ageZh(snapshot.fetchedAtMs)}的数据。` : `正在更新（显示的是${ageZh(snapshot.fetchedAtMs)}的数据）…`}
          {stale && (
            <Button id='status-retry' className='choice' onClick={onRetry}>重试</Button>
          )}
        </View>
      )}
      <View className={`card action-card action-${action.kind}`} id='status-action'>
        <View className='card-title'>{action.title}</View>
        <Text>{action.detail}</Text>
        {action.kind === 'back-pay' && (
          <Button className='choice' onClick={() => void Taro.switchTab({ url: '/pages/calculator/index' })}>算一算补缴</Button>
        )}
      </View>
      {cards.map((card) => (
        <View key={card.year} className='card' id={`status-year-${card.year}`}>
          <View className='card-title'>
            {card.year}年度 <Text className={card.covered ? 'ok-text' : 'error-text'}>{card.covered ? '已参保' : '未参保'}</Text>
          </View>
          <View className='figure-row'>
            <Text className='figure-label'>大病保险最高支付限额</Text>
            <Text className='figure-value status-cap'>{card.capText}</Text>
          </View>
          {card.certainText && <View className='muted status-certain'>{card.certainText}</View>}
          <View className='muted'>{card.benefitText}</View>
          {card.figures.map((line) => (
            <View key={line.kind} className={`muted status-figure status-figure-${line.status}`} id={`status-figure-${card.year}-${line.kind}`} onClick={() => showSource(line)}>
              {line.text}
            </View>
          ))}
          {card.localNote && <View className='muted'>（{card.localNote}）</View>}
        </View>
      ))}
      <View className='card'>
        {nextWindow && <View id='status-window'>{windowText(nextWindow)}{nextWindow.isDefault ? '（默认日期，以当地医保部门公布为准）' : ''}</View>}
        <View className='muted' id='status-provenance'>{provenanceText(snapshot.history)}</View>
      </View>
    </View>
  )
}
