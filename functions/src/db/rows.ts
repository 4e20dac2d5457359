// D1 answers with the column names (snake_case); the rest of the Worker works with camelCase domain types. Every
// row a db/ function returns goes through camelRow once, here, so no snake_case name leaves the data layer
// (scripts/check-layers.ts checks that none is declared on an exported type or read outside db/).

function camelKey(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
}

/** The row with its column names in camelCase; values are untouched (a JSON column stays a string). */
export function camelRow<T>(row: T): T {
  if (row === null || typeof row !== 'object' || Array.isArray(row) || row instanceof ArrayBuffer) return row
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(row as Record<string, unknown>)) out[camelKey(key)] = value
  return out as T
}

/** An `.all()` answer with every row in camelCase. */
export function camelAll<R extends { results: unknown[] }>(answer: R): R {
  return { ...answer, results: answer.results.map(camelRow) }
}

/** The rows of one statement of a `db.batch`, in camelCase (a batch answer is not passed through camelAll). */
export function rowsOf<T>(answer: { results?: unknown[] } | undefined): T[] {
  return (answer?.results ?? []).map((row) => camelRow(row) as T)
}
