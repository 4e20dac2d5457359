import type { HistoryItem } from '@canbao/shared/api/history'
import type { OfficeRecordRow, RecordRow } from '../db/history'

export interface MergedHistory {
  items: HistoryItem[]
  overriddenSelfYears: number[]
  /** the declared back-paid years that are still gap years (no covered entry) */
  backPaidYears: number[]
  ignoredBackPaidYears: number[]
}

export function rowToEntry(row: RecordRow): Omit<HistoryItem, 'source'> {
  return {
    year: row.year,
    scheme: row.scheme,
    ...(row.paid_on !== null ? { paidOn: row.paid_on } : {}),
    ...(row.fund_paid_fen !== null ? { fundPaidFen: row.fund_paid_fen } : {}),
    ...(row.incentive_used !== null ? { incentiveUsed: row.incentive_used === 1 } : {}),
    ...(row.ended_on !== null ? { endedOn: row.ended_on } : {}),
  }
}

/**
 * One entry per year. An insurance office's record is authoritative and replaces what the resident
 * declared for that year; among several offices' records of one year the most recently imported wins.
 */
export function mergeHistory(self: readonly RecordRow[], office: readonly OfficeRecordRow[], backPaidYears: readonly number[]): MergedHistory {
  const latestOffice = new Map<number, OfficeRecordRow>()
  for (const row of office) {
    const current = latestOffice.get(row.year)
    if (!current || row.updated_at > current.updated_at || (row.updated_at === current.updated_at && row.scope > current.scope)) {
      latestOffice.set(row.year, row)
    }
  }
  const byYear = new Map<number, HistoryItem>()
  const overriddenSelfYears: number[] = []
  for (const row of self) {
    if (latestOffice.has(row.year)) overriddenSelfYears.push(row.year)
    else byYear.set(row.year, { ...rowToEntry(row), source: 'self' })
  }
  for (const row of latestOffice.values()) byYear.set(row.year, { ...rowToEntry(row), source: 'office' })
  const items = [...byYear.values()].sort((a, b) => a.year - b.year)
  const kept: number[] = []
  const ignored: number[] = []
  for (const year of backPaidYears) (byYear.has(year) ? ignored : kept).push(year)
  return { items, overriddenSelfYears, backPaidYears: kept, ignoredBackPaidYears: ignored }
}
