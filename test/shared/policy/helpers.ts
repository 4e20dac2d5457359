// Builders for readable test inputs. Not a test file itself.

import { evaluate, type EvaluateOptions, type Evaluation, type HistoryEntry } from '../../../shared/policy/index'

/** Resident entries for each year from..to, paid on 11-01 of the year before (inside the default period). */
export function resident(from: number, to: number, extra: Partial<HistoryEntry> = {}): HistoryEntry[] {
  const entries: HistoryEntry[] = []
  for (let year = from; year <= to; year++) {
    entries.push({ year, scheme: 'resident', paidOn: `${year - 1}-11-01`, fundPaidFen: 50_000, ...extra })
  }
  return entries
}

/** Evaluates an input that the test expects to be valid; fails the test with the issues otherwise. */
export function run(input: unknown, options?: EvaluateOptions): Evaluation {
  const result = evaluate(input, options)
  if (!result.ok) throw new Error('expected a valid input, got ' + JSON.stringify(result.issues))
  return result.value
}

export const codes = (e: Evaluation): string[] => e.explanation.map((s) => s.code)
