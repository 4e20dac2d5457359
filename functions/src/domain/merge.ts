import type { HistoryItem } from '@canbao/shared/api/history'
import { cstDate } from '@canbao/shared/api/dates'
import type { FamilyPaid, OfficeRecord, RecordEntry } from '../db/history'

export interface MergedHistory {
  /** by year; a mid-year switch year holds its employee entry, then its resident entry */
  items: HistoryItem[]
  overriddenSelfYears: number[]
  /** the declared back-paid years that are still gap years (no covered entry) */
  backPaidYears: number[]
  ignoredBackPaidYears: number[]
}

const bySchemeOrder = (a: HistoryItem, b: HistoryItem) =>
  a.year - b.year || (a.scheme === b.scheme ? 0 : a.scheme === 'employee' ? -1 : 1)

/**
 * An insurance office's record is authoritative and replaces everything else for that year, a self-declared
 * mid-year switch included (SPEC §5, docs/policy.md#s5): the office holds one record per person and year, so
 * where it has one the resident's two entries of that year are not used and the year is listed in
 * `overriddenSelfYears` (the records page says so). Among several offices' records of one year the most
 * recently imported wins. A family payment the platform confirmed comes next: it proves a resident-scheme
 * enrollment and its payment date, so it replaces the resident entry the resident declared for the year,
 * keeping only the claim figures the payment cannot know; a declared employee entry that ended before that
 * payment is the first half of a switch year and stays. A Sichuan whole-programme payment (000 (一)) covers
 * its later years only up to the first of them an office or a family payment speaks for.
 */
export function mergeHistory(
  self: readonly RecordEntry[],
  office: readonly OfficeRecord[],
  backPaidYears: readonly number[],
  family: readonly FamilyPaid[] = [],
): MergedHistory {
  const latestOffice = new Map<number, OfficeRecord>()
  for (const row of office) {
    const current = latestOffice.get(row.year)
    if (
      !current ||
      row.updatedAt > current.updatedAt ||
      (row.updatedAt === current.updatedAt && row.scope > current.scope)
    ) {
      latestOffice.set(row.year, row)
    }
  }
  const familyPaidOn = new Map<number, string>()
  for (const row of family) {
    const paidOn = cstDate(Date.parse(row.completedAt))
    const earlier = familyPaidOn.get(row.year)
    if (earlier === undefined || paidOn < earlier) familyPaidOn.set(row.year, paidOn)
  }
  const items: HistoryItem[] = []
  const overridden = new Set<number>()
  const selfYears = new Map<number, RecordEntry[]>()
  for (const entry of self) {
    if (latestOffice.has(entry.year)) {
      overridden.add(entry.year)
      continue
    }
    selfYears.set(entry.year, [...(selfYears.get(entry.year) ?? []), entry])
  }
  for (const [year, entries] of selfYears) {
    const paidOn = familyPaidOn.get(year)
    if (paidOn === undefined) {
      for (const entry of entries) items.push({ ...spanned(entry, latestOffice, familyPaidOn), source: 'self' })
      continue
    }
    const resident = entries.find((e) => e.scheme === 'resident')
    const employee = entries.find((e) => e.scheme === 'employee')
    const switchHalf = employee?.endedOn !== undefined && employee.endedOn < paidOn ? employee : undefined
    if (employee !== undefined && switchHalf === undefined) overridden.add(year)
    if (resident === undefined ? switchHalf === undefined : resident.paidOn !== paidOn) overridden.add(year)
    if (switchHalf !== undefined) items.push({ ...switchHalf, source: 'self' })
    items.push({
      year,
      scheme: 'resident',
      paidOn,
      ...(resident?.fundPaidFen !== undefined ? { fundPaidFen: resident.fundPaidFen } : {}),
      ...(resident?.incentiveUsed !== undefined ? { incentiveUsed: resident.incentiveUsed } : {}),
      source: 'family',
    })
  }
  for (const [year, paidOn] of familyPaidOn) {
    if (!selfYears.has(year) && !latestOffice.has(year))
      items.push({ year, scheme: 'resident', paidOn, source: 'family' })
  }
  for (const row of latestOffice.values()) {
    const { scope: _scope, updatedAt: _updatedAt, ...entry } = row
    items.push({ ...entry, source: 'office' })
  }
  items.sort(bySchemeOrder)
  const covered = new Set<number>()
  for (const item of items) for (let k = 0; k < (item.programmeYears ?? 1); k++) covered.add(item.year + k)
  const kept: number[] = []
  const ignored: number[] = []
  for (const year of backPaidYears) (covered.has(year) ? ignored : kept).push(year)
  return {
    items,
    overriddenSelfYears: [...overridden].sort((a, b) => a - b),
    backPaidYears: kept,
    ignoredBackPaidYears: ignored,
  }
}

/** A whole-programme entry cut short before the first later year that another source records. */
function spanned(
  entry: RecordEntry,
  office: ReadonlyMap<number, unknown>,
  family: ReadonlyMap<number, unknown>,
): RecordEntry {
  const span = entry.programmeYears
  if (span === undefined || span <= 1) return entry
  let k = 1
  while (k < span && !office.has(entry.year + k) && !family.has(entry.year + k)) k++
  if (k === span) return entry
  const { programmeYears: _span, ...rest } = entry
  return k > 1 ? { ...rest, programmeYears: k } : rest
}
