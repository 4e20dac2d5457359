import { useEffect, useState } from 'react'
import { ErrorCard } from '../../components/ErrorCard'
import { shownData, useLoad } from '../../lib/load'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { cachedStatus, fetchStatus, type StatusSnapshot } from '../../api/status'
import type { ClientError } from '../../api/client'
import type { Session } from '../../lib/session'
import { todayCst } from '../../lib/today'
import { handCaseToCalculator } from '../../lib/calculator-case'
import { ExplainSteps, FigureRow } from '../../components/FigureRow'
import { Prose } from '../../components/Prose'
import { dataTimeZh, homeAnswer, type FigureLine, type YearCard } from './status-model'
import { figureContext, storedFigureSet } from '../../lib/figures'
import { refreshFigureSet } from '../../api/figures'

export const RECORDS_URL = '/packages/records/index'

const TONE_CLASS = { ok: 'ok-text', neutral: 'muted', warn: 'warn-text', danger: 'error-text' } as const

export function StatusCard({ session }: { session: Session }) {
  const userId = session.user.id
  // The stored answer shows at once; the home page never waits on the network to say something.
  const { state, reload } = useLoad(() => fetchStatus(userId, todayCst()), {
    key: userId,
    initial: () => cachedStatus(userId),
  })

  if (state.phase === 'failed') {
    return (
      <ErrorCard
        id='status-card'
        messageId='status-error'
        retryId='status-retry'
        title='我的参保状态'
        error={state.error}
        onRetry={() => void reload()}
      />
    )
  }
  const snapshot = shownData(state)
  if (!snapshot) {
    return (
      <View className='card' id='status-card'>
        <View className='card-title'>我的参保状态</View>
        <Text id='status-loading' className='muted'>
          正在查询您的参保状态…
        </Text>
      </View>
    )
  }
  return (
    <StatusBody
      snapshot={snapshot}
      stale={state.phase === 'stale' ? state.error : null}
      refreshing={state.phase === 'loading'}
      region={session.user.profile?.region ?? null}
      onRetry={() => void reload()}
    />
  )
}

/** The months without cover in one line; the engine's full sentences (the switch rule's window) on tap. */
function CoverNote({ id, card }: { id: string; card: YearCard }) {
  const [open, setOpen] = useState(false)
  return (
    <View className='status-cover-note' id={id}>
      <Prose text={card.coverNote ?? ''} />
      {card.coverLines.length > 0 && (
        <View className='figure-hint' id={`${id}-toggle`} onClick={() => setOpen(!open)}>
          {open ? '收起计算过程 ▴' : '怎么算的 ▾'}
        </View>
      )}
      {open && (
        <ExplainSteps id={`${id}-explain`} title={`${card.year}年度没有医保待遇的时间`} lines={card.coverLines} />
      )}
    </View>
  )
}

function showSource(line: FigureLine) {
  if (line.sourceDetail)
    void Taro.showModal({ title: '数据来源', content: line.sourceDetail, showCancel: false, confirmText: '知道了' })
}

function StatusBody(props: {
  snapshot: StatusSnapshot
  stale: ClientError | null
  refreshing: boolean
  region: string | null
  onRetry: () => void
}) {
  const { snapshot, stale, refreshing, region, onRetry } = props
  const province = snapshot.nextYear.evaluation.province
  const [figureSet, setFigureSet] = useState(() => storedFigureSet(province))
  useEffect(() => {
    void refreshFigureSet(province).then(setFigureSet)
  }, [province, snapshot.fetchedAtMs])
  // The countdown follows the region's published period (the downloaded figure set), like the engine's answer.
  const home = homeAnswer(snapshot, region, figureContext(figureSet, province, snapshot.nextYear.year, region).tables)
  const { action } = home
  const openCalculator = () => {
    const year = action.facts?.year ?? snapshot.nextYear.year
    handCaseToCalculator({
      province: snapshot.nextYear.evaluation.province,
      region,
      year,
      history: snapshot.history.history,
      backPaidYears: snapshot.history.backPaidYears,
    })
    void Taro.switchTab({ url: '/pages/calculator/index' })
  }
  return (
    <View id='status-card'>
      {(stale || refreshing) && (
        <View className='note' id='status-stale'>
          {stale
            ? `${stale.message} 下面是${dataTimeZh(snapshot.fetchedAtMs)}的数据。`
            : `正在更新（显示的是${dataTimeZh(snapshot.fetchedAtMs)}的数据）…`}
          {stale && (
            <Button id='status-retry' className='choice' onClick={onRetry}>
              重试
            </Button>
          )}
        </View>
      )}
      <View className={`card action-card action-${action.kind}`} id='status-action'>
        <View className='card-title' id='status-action-title'>
          {action.title}
        </View>
        <Text id='status-action-detail'>
          <Prose text={action.detail} />
        </Text>
        {action.figures.map((f) => (
          <FigureRow
            key={f.kind}
            id={`status-action-${f.kind}`}
            figure={f}
            valueClass={f.unknown ? 'figure-value-unknown' : ''}
          />
        ))}
        {action.kind === 'declare' && (
          <Button
            id='status-declare'
            className='button-primary'
            onClick={() => void Taro.navigateTo({ url: RECORDS_URL })}
          >
            填写参保年度
          </Button>
        )}
        {action.kind === 'back-pay' && (
          <Button id='status-back-pay-calc' className='choice' onClick={openCalculator}>
            算一算补缴
          </Button>
        )}
      </View>
      {home.cards.map((card) => (
        <View key={card.year} className='card' id={`status-year-${card.year}`}>
          <View className='card-title'>
            {card.year}年度{' '}
            <Text id={`status-year-${card.year}-status`} className={TONE_CLASS[card.tone]}>
              {card.statusText}
            </Text>
          </View>
          {card.figures.length === 0 && <View className='status-plain status-cap'>{card.capText}</View>}
          {card.figures.map((f) => (
            <FigureRow
              key={f.kind}
              id={`status-${card.year}-${f.kind}`}
              figure={f}
              valueClass={`${f.kind === 'cap' ? 'status-cap' : ''}${f.unknown ? ' figure-value-unknown' : ''}`.trim()}
            />
          ))}
          {card.figures.length === 0 && card.benefitText !== '—' && (
            <View className='muted status-benefit'>{card.benefitText}</View>
          )}
          {card.coverNote && <CoverNote id={`status-year-${card.year}-cover`} card={card} />}
          {card.regionFigures.map((line) => (
            <View
              key={line.kind}
              className={`muted status-figure status-figure-${line.status}`}
              id={`status-figure-${card.year}-${line.kind}`}
              onClick={() => showSource(line)}
            >
              {line.text}
            </View>
          ))}
        </View>
      ))}
      <View className='card'>
        {home.windowText && <View id='status-window'>{home.windowText}</View>}
        <View className='muted' id='status-provenance'>
          {home.provenance}
        </View>
        <Button id='status-records' className='choice' onClick={() => void Taro.navigateTo({ url: RECORDS_URL })}>
          我的参保年度
        </Button>
      </View>
    </View>
  )
}
