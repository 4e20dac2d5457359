// What one evaluation's rules share: the input, its parameters, the year table, and the explanation and
// assumptions they append to in evaluation order.

import type { YearTable } from './history'
import type { ResolvedParams } from './params'
import type { StepCode } from './step-codes'
import type { AssumptionCode, ExplanationStep, PolicyInput } from './types'

export type Values = Record<string, number | string>

export interface Context {
  readonly input: PolicyInput
  readonly params: ResolvedParams
  readonly table: YearTable
  /** ymd, or null when not given */
  readonly birthDate: number | null
  readonly birthYear: number | null
  readonly steps: ExplanationStep[]
  readonly assumptions: AssumptionCode[]
}

export function explain(ctx: Context, code: StepCode, values: Values, cite: string): void {
  ctx.steps.push({ code, values, cite })
}

export function assume(ctx: Context, code: AssumptionCode): void {
  if (!ctx.assumptions.includes(code)) ctx.assumptions.push(code)
}
