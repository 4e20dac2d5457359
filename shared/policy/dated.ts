// Parameter tables keyed by the coverage year a value takes effect (openfisca style).
// `{ 2025: a, 2028: b }` gives a for 2025–2027 and b from 2028 on.

export interface Cited<T> {
  readonly value: T
  /** a clause like `000 (三)`, a decision id like `D7`, or several joined by '; ' */
  readonly cite: string
}

export type Dated<T> = Readonly<Record<number, T>>

/**
 * The value in force for `year`: the latest key <= year. A year before the first key gets the first value:
 * the tables start with the mechanism (2025) and years before it play no part in any rule.
 */
export function at<T>(table: Dated<T>, year: number): T {
  let best: T | undefined
  let first: T | undefined
  // Integer-like keys enumerate in ascending order, so the last key <= year wins.
  for (const key of Object.keys(table)) {
    const value = table[Number(key)] as T
    if (first === undefined) first = value
    if (Number(key) <= year) best = value
  }
  if (best !== undefined) return best
  if (first !== undefined) return first
  throw new TypeError(EMPTY_TABLE)
}

/** Programming error only: every table in this folder has at least one year. */
export const EMPTY_TABLE = 'policy parameter table has no entries'

export const since = <T>(year: number, value: T, cite: string): Dated<Cited<T>> => ({ [year]: { value, cite } })
