// The safe entry point: validate, then run the core. Bad input returns issues; nothing throws.

import { evaluateValid, paramsFor } from './core'
import type { DecisionOverrides } from './decisions'
import type { PolicyTables } from './params'
import type { Evaluation, PolicyInput, Result } from './types'
import { checkTypedPolicyInput, validatePolicyInput } from './validate'

export interface EvaluateOptions {
  /** change SPEC decisions D1–D17 for this calculation (a province's or region's own rule) */
  readonly overrides?: DecisionOverrides
  /** other parameter tables (tests, a server with newer regional data) */
  readonly tables?: PolicyTables
  /** CST today: payments after it are refused (PAID_IN_FUTURE); absent → not checked */
  readonly today?: string
  /**
   * what-if functions: the input's shape is guaranteed (typed, built from validated rows, as in the Worker),
   * so only the cross-field checks run on it, not the schema again
   */
  readonly shapeChecked?: boolean
}

export function evaluate(raw: unknown, options: EvaluateOptions = {}): Result<Evaluation> {
  const checked = validatePolicyInput(raw, options)
  if (!checked.ok) return checked
  return { ok: true, value: evaluateValid(checked.value, paramsFor(checked.value, options)) }
}

/**
 * The Worker's typed entry: validates once. The input's shape is already guaranteed (TypeScript, and the
 * API's schemas for what was stored), so only the cross-field checks of SPEC §5 run before the core — the
 * impossible inputs are still refused with their codes.
 */
export function evaluatePolicyInput(input: PolicyInput, options: EvaluateOptions = {}): Result<Evaluation> {
  const checked = checkTypedPolicyInput(input, options)
  if (!checked.ok) return checked
  return { ok: true, value: evaluateValid(checked.value, paramsFor(checked.value, options)) }
}
