// Explains the gap years (断保) the scan found: every gap run lowers the cap (SPEC §3.5) and the run ending
// at Y − 1 sets the waiting period (§4.2).

import { explain, type Context } from './context'
import { RESIDENT } from './history'
import { GAP_RUNS, type Scan } from './scan'

export function explainGaps(ctx: Context, scan: Scan): void {
  const { table, params, birthYear } = ctx
  const y = ctx.input.year
  if (
    birthYear !== null &&
    birthYear >= table.start &&
    birthYear < y &&
    !params.decisions.birthYearCanBeGap &&
    ((table.flags[birthYear - table.start] as number) & RESIDENT) === 0
  ) {
    explain(ctx, 'BIRTH_YEAR_NOT_GAP', { birthYear }, params.cite.birth)
  }
  for (let i = 0; i < scan.gapRuns; i++) {
    const from = GAP_RUNS[2 * i] as number
    const to = GAP_RUNS[2 * i + 1] as number
    explain(ctx, 'GAP_RUN', { years: to - from + 1, from, to }, params.cite.gap)
  }
  if (scan.restored > 0) explain(ctx, 'BACK_PAY_RESTORED', { years: scan.restored }, params.cite.restored)
}
