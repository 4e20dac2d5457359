// Shanxi 001 (二): resident years convert to employee contribution years, 5:1 (D13 rounds down).

import { explain, type Context } from './context'
import { joinCites } from './params'
import type { Scan } from './scan'

export function convertedEmployeeYears(ctx: Context, scan: Scan): number | null {
  const rule = ctx.params.conversion
  if (rule === null) return null
  // D14: 实际缴费年限 — resident years before the mechanism count too (at most one resident entry a year)
  let residentYears = scan.residentYears
  const { input, table, params } = ctx
  if (params.decisions.insuredBeforeMechanismCounts) {
    for (const entry of input.history)
      if (entry.scheme === 'resident' && entry.year < table.start && entry.year <= input.year) residentYears++
  }
  const per = rule.residentYearsPerEmployeeYear
  const ratio = residentYears / per
  const employeeYears = ctx.params.decisions.conversionRounding === 'floor' ? Math.floor(ratio) : Math.round(ratio)
  const before = residentYears - scan.residentYears
  explain(
    ctx,
    'CONVERSION',
    { residentYears, employeeYears, per },
    before > 0 ? joinCites(params.cite.conversion, params.cite.insured) : params.cite.conversion,
  )
  return employeeYears
}
