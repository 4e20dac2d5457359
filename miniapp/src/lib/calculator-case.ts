import type { CalculatorCase } from '../pages/calculator/model'
import { readStored, removeStored, writeStored } from './storage'

// The calculator is a tab, and switchTab carries no query: the case travels through storage instead and
// is taken (read once, then removed) when the calculator next shows.
const KEY = 'canbao.calculator-case'

export function handCaseToCalculator(c: CalculatorCase): void {
  writeStored(KEY, c)
}

export function takeCalculatorCase(): CalculatorCase | undefined {
  const c = readStored<CalculatorCase>(KEY)
  if (c) removeStored(KEY)
  return c
}
