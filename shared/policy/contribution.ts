// What a year costs: the repair cost of back-paid years (SPEC §4.5, D9) and the contribution due for Y.

import { assume, explain, type Context, type Values } from './context'
import type { Exemption } from './exemptions'

/** The individual contribution standard of Y: the caller's figure first, then the region table. */
const standardOfYear = (ctx: Context): number | null => ctx.input.contributionFen ?? ctx.params.contribution.value

/** D9: each back-paid year costs the standard of the enrolled year (or, changed, of the gap year itself). */
export function repairCost(ctx: Context): number | null {
  const years = ctx.input.backPaidYears
  if (years === undefined || years.length === 0) return 0
  const { params } = ctx
  let costFen: number | null = 0
  let standardFen: number | null = null
  if (params.decisions.backPayStandard === 'enrolled-year') {
    standardFen = standardOfYear(ctx)
    costFen = standardFen === null ? null : standardFen * years.length
  } else {
    for (const year of years) {
      const fen = params.contributionFenOf(year)
      costFen = fen === null || costFen === null ? null : costFen + fen
    }
  }
  if (costFen === null) {
    assume(ctx, 'CONTRIBUTION_UNPUBLISHED')
    explain(ctx, 'REPAIR_COST_UNKNOWN', { years: years.length }, params.cite.repair)
    return null
  }
  const values: Values = { years: years.length, costFen }
  if (standardFen !== null) values.standardFen = standardFen
  explain(ctx, 'REPAIR_COST', values, params.cite.repair)
  return costFen
}

/** What the person pays for Y where known: a Shanxi newborn's birth year is free (001 (四)). */
export function contributionDue(ctx: Context, exemption: Exemption | null): number | null {
  const { params } = ctx
  const y = ctx.input.year
  if (params.newborn.freeBirthYear && ctx.birthYear === y) {
    explain(ctx, 'NEWBORN_FREE', { year: y }, params.cite.newborn)
    return 0
  }
  if (exemption?.kind === 'assistance-funded') {
    // 医疗救助资助参保: the subsidy depends on the person's category, which the engine does not know.
    assume(ctx, 'CONTRIBUTION_SUBSIDISED')
    explain(ctx, 'CONTRIBUTION_SUBSIDISED', {}, exemption.cite)
    return null
  }
  if (ctx.input.contributionFen !== undefined) {
    explain(ctx, 'CONTRIBUTION_INPUT', { fen: ctx.input.contributionFen }, '')
    return ctx.input.contributionFen
  }
  const figure = params.contribution
  ctx.steps.push(params.fixed.contribution)
  if (figure.value !== null) {
    // Only the cost rests on this figure: the cap and the waiting period do not, so it gets its own code.
    if (!figure.verified) assume(ctx, 'CONTRIBUTION_UNVERIFIED')
    return figure.value
  }
  assume(ctx, 'CONTRIBUTION_UNPUBLISHED')
  return null
}
