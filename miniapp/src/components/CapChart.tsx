import { useEffect, useMemo } from 'react'
import Taro from '@tarojs/taro'
import { Canvas, View } from '@tarojs/components'
import type { CapPoint } from '@canbao/shared/policy'
import { yuanText } from '../lib/format'
import { axisLabelEvery, barHeight, capChartView, showsAxisLabel } from './cap-chart-model'

interface Props {
  id: string
  series: CapPoint[]
  elder: boolean
}

const COLORS = { bar: '#0b6e4f', barFirst: '#1f9d74', axis: '#9aa5a0', text: '#1c2421' }

/** 万元 with one decimal: what fits under a bar on a phone. */
const wan = (yuan: number) => `${(yuan / 10000).toFixed(yuan % 10000 === 0 ? 0 : 1)}万`

/**
 * The cap over the coming years as bars on a 2D canvas (WeChat and H5 alike), with the same figures as a
 * list beneath so nobody has to read a chart to get the number.
 */
export function CapChart({ id, series, elder }: Props) {
  const view = useMemo(() => capChartView(series), [series])
  const points = view.points
  const key = view.kind + points.map((p) => `${p.year}:${p.capYuan}`).join(',') + (elder ? 'E' : '')

  useEffect(() => {
    if (view.kind !== 'chart') return
    // The canvas node exists only after this render is committed.
    const timer = setTimeout(() => draw(id, points, elder), 50)
    return () => clearTimeout(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])

  if (view.kind === 'words') {
    return (
      <View className='cap-chart'>
        <View className='cap-chart-empty' id={`${id}-why`}>
          {view.text}
        </View>
      </View>
    )
  }
  return (
    <View className='cap-chart'>
      <Canvas type='2d' id={id} canvasId={id} className='cap-chart-canvas' />
      {view.note && <View className='muted cap-chart-note'>{view.note}</View>}
      <View className='cap-chart-list'>
        {points.map((p) => (
          <View key={p.year} className='cap-chart-row'>
            {p.year}年：{yuanText(p.capYuan as number)}
          </View>
        ))}
      </View>
    </View>
  )
}

function draw(id: string, points: CapPoint[], elder: boolean) {
  Taro.createSelectorQuery()
    .select(`#${id}`)
    .fields({ node: true, size: true })
    .exec((res: { node?: HTMLCanvasElement; width: number; height: number }[]) => {
      const target = res?.[0]
      const canvas = canvasOf(id, target?.node)
      if (!canvas) return
      // Taro H5 answers `node` alone, without the size fields: measure the element itself there.
      const box = target?.width ? { width: target.width, height: target.height } : canvas.getBoundingClientRect?.()
      if (!box?.width) return
      const ratio = Taro.getSystemInfoSync().pixelRatio || 2
      canvas.width = box.width * ratio
      canvas.height = box.height * ratio
      const ctx = canvas.getContext('2d')
      if (!ctx) return
      ctx.scale(ratio, ratio)
      paint(ctx, box.width, box.height, points, elder)
    })
}

/**
 * WeChat answers the 2D canvas node itself. Taro H5 answers its <taro-canvas-core> wrapper (or nothing), whose
 * drawing surface is the <canvas> inside: drawing on the wrapper left a blank 190 px box.
 */
function canvasOf(id: string, node: unknown): HTMLCanvasElement | null {
  if (node && typeof (node as HTMLCanvasElement).getContext === 'function') return node as HTMLCanvasElement
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return null
  const host = (node as Element | undefined) ?? document.getElementById(id)
  return host?.querySelector?.('canvas') ?? null
}

function paint(ctx: CanvasRenderingContext2D, width: number, height: number, points: CapPoint[], elder: boolean) {
  const caps = points.map((p) => p.capYuan as number)
  const max = Math.max(...caps)
  const font = elder ? 13 : 10
  const top = font + 8
  const bottom = height - font - 8
  const slot = width / points.length
  const barWidth = Math.max(6, slot * 0.6)
  ctx.clearRect(0, 0, width, height)
  ctx.font = `${font}px sans-serif`
  ctx.textAlign = 'center'
  const every = axisLabelEvery(slot, ctx.measureText('2030').width)
  points.forEach((p, i) => {
    const cap = p.capYuan as number
    // The axis starts at 0: the exact steps are in the labels and the list beneath, not in exaggerated bars.
    const h = barHeight(cap, max, bottom - top)
    const x = i * slot + (slot - barWidth) / 2
    ctx.fillStyle = i === 0 ? COLORS.barFirst : COLORS.bar
    ctx.fillRect(x, bottom - h, barWidth, h)
    ctx.fillStyle = COLORS.text
    if (i === 0 || i === points.length - 1 || points.length <= 6) {
      // Keep the label inside the canvas: the last bar's "33.6万" was cut at the right edge.
      const label = wan(cap)
      const half = ctx.measureText(label).width / 2
      ctx.fillText(label, Math.min(Math.max(x + barWidth / 2, half), width - half), bottom - h - 4)
    }
    if (showsAxisLabel(i, points.length, every)) ctx.fillText(String(p.year), x + barWidth / 2, height - 4)
  })
  ctx.strokeStyle = COLORS.axis
  ctx.beginPath()
  ctx.moveTo(0, bottom + 0.5)
  ctx.lineTo(width, bottom + 0.5)
  ctx.stroke()
}
