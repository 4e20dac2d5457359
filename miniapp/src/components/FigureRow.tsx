import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import type { ExplainLine } from '@canbao/shared/texts/explain-view-zh'
import { Prose } from './Prose'
import './FigureRow.css'

export interface ExplainedFigure {
  label: string
  value: string
  sub?: string | null
  /** the figure a condition still to be met would give, said as such */
  condition?: string | null
  unpublished: string | null
  title: string
  lines: readonly ExplainLine[]
}

/**
 * A value longer than a figure ("原封顶线（当地尚未公布）") goes under its label: side by side, the label was
 * squeezed into three lines at 390 px.
 */
export const STACK_AFTER_CHARS = 8
export const stacksValue = (value: string) => value.length > STACK_AFTER_CHARS

/** One figure a resident can tap to see how it was reached: numbered steps, the clause, then a small 依据 line. */
export function FigureRow({
  id,
  figure,
  valueClass = '',
}: {
  id: string
  figure: ExplainedFigure
  valueClass?: string
}) {
  const [open, setOpen] = useState(false)
  return (
    <View id={id} className='explained-figure'>
      <View
        className={`figure-row figure-tappable${stacksValue(figure.value) ? ' figure-row-stacked' : ''}`}
        onClick={() => setOpen(!open)}
      >
        <Text className='figure-label'>{figure.label}</Text>
        <Text className={`figure-value ${valueClass}`.trim()}>{figure.value}</Text>
      </View>
      {figure.sub && (
        <View className='figure-sub'>
          <Prose text={figure.sub} />
        </View>
      )}
      {figure.condition && (
        <View className='figure-condition'>
          <Prose text={figure.condition} />
        </View>
      )}
      {figure.unpublished && <View className='muted figure-unpublished'>{figure.unpublished}</View>}
      <View className='figure-hint' onClick={() => setOpen(!open)}>
        {open ? '收起计算过程 ▴' : '怎么算的 ▾'}
      </View>
      {open && <ExplainSteps id={`${id}-explain`} title={figure.title} lines={figure.lines} />}
    </View>
  )
}

export function ExplainSteps({ id, title, lines }: { id: string; title: string; lines: readonly ExplainLine[] }) {
  return (
    <View id={id} className='explain-box'>
      <View className='explain-title'>{title}</View>
      {lines.length === 0 && <View className='muted'>这个数字没有更多计算步骤。</View>}
      {lines.map((line) => (
        <View key={line.n} className='explain-step'>
          <View className='explain-sentence'>
            {line.n}. <Prose text={line.sentence} />
          </View>
          {line.clause && <View className='explain-clause'>{line.clause}</View>}
          {line.basis && <View className='explain-basis'>{line.basis}</View>}
        </View>
      ))}
    </View>
  )
}
