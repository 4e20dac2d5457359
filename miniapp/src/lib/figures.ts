import { readStored, writeStored } from './storage'

export { figureContext, type FigureContext } from './figure-context'

/**
 * The published region figures of one province, kept on the phone so the calculator and the home page's
 * countdown use the same figures as the server, offline too. Without a download the built-in tables apply.
 */
const keyOf = (province: string) => `canbao.figures.${province}`

export type { StoredFigureSet } from './figure-context'
import type { StoredFigureSet } from './figure-context'

export function storedFigureSet(province: string): StoredFigureSet | undefined {
  const stored = readStored<StoredFigureSet>(keyOf(province))
  return stored?.set?.province === province && Array.isArray(stored.set.figures) ? stored : undefined
}

export function saveFigureSet(stored: StoredFigureSet): void {
  writeStored(keyOf(stored.set.province), stored)
}
