import type { HistoryItem } from '@canbao/shared/api/history'
import { cstDate } from '@canbao/shared/api/dates'
import type { FamilyPaidRow, OfficeRecordRow, RecordRow } from '../db/history'

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
 * One entry per year. An insurance office's record is authoritative and replaces everything else for that year;
 * among several offices' records of one year the most recently imported wins. A family payment the platform
 * confirmed comes next: it proves a resident-scheme enrollment and its payment date, so it replaces what the
 * resident declared for the year, keeping only the claim figures the payment cannot know.
 */
export function mergeHistory(
  self: readonly RecordRow[],
  office: readonly OfficeRecordRow[],
  backPaidYears: readonly number[],
  family: readonly FamilyPaidRow[] = [],
): MergedHistory {
  const latestOffice = new Map<number, OfficeRecordRow>()
  for (const row of office) {
    const current = latestOffice.get(row.year)
    if (
      !current ||
      row.updated_at > current.updated_at ||
      (row.updated_at === current.updated_at && row.scope > current.scope)
    ) {
      latestOffice.set(row.year, row)
    }
  }
  const familyPaidOn = new Map<number, string>()
  for (const row of family) {
    const paidOn = cstDate(Date.parse(row.completed_at))
    const earlier = familyPaidOn.get(row.year)
    if (earlier === undefined || paidOn < earlier) familyPaidOn.set(row.year, paidOn)
  }
  const byYear = new Map<number, HistoryItem>()
  const overriddenSelfYears: number[] = []
  for (const row of self) {
    if (latestOffice.has(row.year)) {
      overriddenSelfYears.push(row.year)
      continue
    }
    const paidOn = familyPaidOn.get(row.year)
    if (paidOn === undefined) {
      byYear.set(row.year, { ...rowToEntry(row), source: 'self' })
      continue
    }
    if (row.scheme !== 'resident' || row.paid_on !== paidOn) overriddenSelfYears.push(row.year)
    const claims = row.scheme === 'resident' ? rowToEntry(row) : null
    byYear.set(row.year, {
      year: row.year,
      scheme: 'resident',
      paidOn,
      ...(claims?.fundPaidFen !== undefined ? { fundPaidFen: claims.fundPaidFen } : {}),
      ...(claims?.incentiveUsed !== undefined ? { incentiveUsed: claims.incentiveUsed } : {}),
      source: 'family',
    })
  }
  for (const [year, paidOn] of familyPaidOn) {
    if (!byYear.has(year)) byYear.set(year, { year, scheme: 'resident', paidOn, source: 'family' })
  }
  for (const row of latestOffice.values()) byYear.set(row.year, { ...rowToEntry(row), source: 'office' })
  const items = [...byYear.values()].sort((a, b) => a.year - b.year)
  const kept: number[] = []
  const ignored: number[] = []
  for (const year of backPaidYears) (byYear.has(year) ? ignored : kept).push(year)
  return { items, overriddenSelfYears, backPaidYears: kept, ignoredBackPaidYears: ignored }
}
