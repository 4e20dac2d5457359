// Builders for readable test inputs. Not a test file itself.

import {
  evaluate,
  type EvaluateOptions,
  type Evaluation,
  type HistoryEntry,
  type PolicyInput,
} from '../../../shared/policy/index'

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

/**
 * SPEC §8 worked example 9: a Shanxi newborn born 2027-06-10 and registered 40 days later, on 2027-07-20.
 * The examples check it as the SPEC states it; decision D12 changes the newborn window on the same child.
 */
export const SHANXI_NEWBORN: PolicyInput = {
  province: '14',
  baseCapYuan: 400_000,
  year: 2027,
  birthDate: '2027-06-10',
  groups: [{ kind: 'newborn' }],
  history: [{ year: 2027, scheme: 'resident', paidOn: '2027-07-20' }],
}

export const codes = (e: Evaluation): string[] => e.explanation.map((s) => s.code)
