// Checks one policy case (../shared/policy/cases/README.md) against the engine: every key of `expect`
// must equal the evaluation's. Pure, for the case runner and the tests; not part of index.ts.

import { evaluate } from './evaluate'
import type { Evaluation } from './types'

export interface CaseOutcome {
  readonly name: string
  /** one line per differing key, empty when the case passes */
  readonly failures: string[]
}

const show = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value))

export function checkCase(data: unknown, fallbackName: string): CaseOutcome {
  if (typeof data !== 'object' || data === null) return { name: fallbackName, failures: ['case is not a JSON object'] }
  const { name, input, expect } = data as { name?: unknown; input?: unknown; expect?: unknown }
  const caseName = typeof name === 'string' ? name : fallbackName
  if (typeof expect !== 'object' || expect === null) return { name: caseName, failures: ['case has no expect object'] }
  const result = evaluate(input)
  // `expect: { "refused": true }`: the engine must refuse the input with an issue code and answer nothing.
  if ((expect as { refused?: unknown }).refused === true) {
    if (result.ok) return { name: caseName, failures: ['expected the input to be refused, got an evaluation'] }
    const uncoded = result.issues.filter((i) => typeof i.code !== 'string' || (i.code as string) === '')
    return {
      name: caseName,
      failures: result.issues.length === 0 || uncoded.length > 0 ? ['refused without an issue code'] : [],
    }
  }
  // In an ordinary case a refused input fails the case.
  if (!result.ok) {
    return {
      name: caseName,
      failures: result.issues.map((i) => `input rejected: ${i.code} at ${i.path.join('.') || '(root)'}`),
    }
  }
  const got = result.value as unknown as Record<string, unknown>
  const failures: string[] = []
  for (const [key, expected] of Object.entries(expect)) {
    const actual = key in got ? got[key as keyof Evaluation] : undefined
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      failures.push(`${key} expected ${show(expected)} got ${show(actual)}`)
    }
  }
  return { name: caseName, failures }
}
