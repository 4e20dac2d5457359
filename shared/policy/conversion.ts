// Shanxi 001 (二): resident years convert to employee contribution years, 5:1 (D13 rounds down).

import { explain, type Context } from './context'
import type { Scan } from './scan'

export function convertedEmployeeYears(ctx: Context, scan: Scan): number | null {
  const rule = ctx.params.conversion
  if (rule === null) return null
  const { residentYears } = scan
  const per = rule.residentYearsPerEmployeeYear
  const ratio = residentYears / per
  const employeeYears = ctx.params.decisions.conversionRounding === 'floor' ? Math.floor(ratio) : Math.round(ratio)
  explain(ctx, 'CONVERSION', { residentYears, employeeYears, per }, ctx.params.cite.conversion)
  return employeeYears
}
