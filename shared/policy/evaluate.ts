// The safe entry point: validate, then run the core. Bad input returns issues; nothing throws.

import { evaluateValid, paramsFor } from './core'
import type { DecisionOverrides } from './decisions'
import type { PolicyTables } from './params'
import type { Evaluation, Result } from './types'
import { validatePolicyInput } from './validate'

export interface EvaluateOptions {
  /** change SPEC decisions D1–D13 for this calculation (a province's or region's own rule) */
  readonly overrides?: DecisionOverrides
  /** other parameter tables (tests, a server with newer regional data) */
  readonly tables?: PolicyTables
}

export function evaluate(raw: unknown, options: EvaluateOptions = {}): Result<Evaluation> {
  const checked = validatePolicyInput(raw, options)
  if (!checked.ok) return checked
  return { ok: true, value: evaluateValid(checked.value, paramsFor(checked.value, options)) }
}
