// The registry's figures as this isolate holds them: read once, then re-read only when the version row says
// they changed. Every engine call in the Worker (entitlement, family standards, campaigns, reminders) takes
// its tables from here, so one request never mixes two sets of figures.

import { tablesFromFigures, type ServedFigure } from '@canbao/shared/registry/figures'
import type { PolicyTables } from '@canbao/shared/policy/index'
import type { D1Database, Env } from '../env'
import { allFigures, registryVersion } from '../db/registry'
import { nowMs } from '../lib/clock'

export interface RegistrySnapshot {
  readonly version: number
  readonly updatedAt: string
  readonly figures: readonly ServedFigure[]
  /** the engine's tables with the figures laid over the built-in ones; decision overrides of `year` apply */
  tablesFor(year: number): PolicyTables
}

/**
 * How long an isolate trusts its copy before asking D1 for the version again (REGISTRY_CHECK_MS overrides;
 * the tests use 0). An approval in this isolate drops the copy at once; other isolates see it within this time.
 */
export const VERSION_CHECK_MS = 5_000

function checkInterval(env: Pick<Env, 'REGISTRY_CHECK_MS'>): number {
  const n = Number(env.REGISTRY_CHECK_MS)
  return env.REGISTRY_CHECK_MS !== undefined && Number.isFinite(n) && n >= 0 ? n : VERSION_CHECK_MS
}

let held: { snapshot: RegistrySnapshot; checkedAt: number } | null = null
let loading: Promise<RegistrySnapshot> | null = null

/** A snapshot of these figures (the tests and the offline model build one without D1). */
export function makeSnapshot(version: number, updatedAt: string, figures: ServedFigure[]): RegistrySnapshot {
  const byYear = new Map<number, PolicyTables>()
  return {
    version,
    updatedAt,
    figures,
    tablesFor(year) {
      let tables = byYear.get(year)
      if (tables === undefined) {
        tables = tablesFromFigures(figures, year)
        byYear.set(year, tables)
      }
      return tables
    },
  }
}

async function refresh(db: D1Database): Promise<RegistrySnapshot> {
  const now = nowMs()
  if (held !== null) {
    const { version, updatedAt } = await registryVersion(db)
    if (version === held.snapshot.version && updatedAt === held.snapshot.updatedAt) {
      held.checkedAt = now
      return held.snapshot
    }
  }
  const all = await allFigures(db)
  const snapshot = makeSnapshot(all.version, all.updatedAt, all.figures)
  held = { snapshot, checkedAt: now }
  return snapshot
}

export async function registrySnapshot(env: Pick<Env, 'DB' | 'REGISTRY_CHECK_MS'>): Promise<RegistrySnapshot> {
  // A clock moved backwards (tests) counts as time passed, not as a fresh check.
  const age = held === null ? Infinity : nowMs() - held.checkedAt
  if (held !== null && age >= 0 && age < checkInterval(env)) return held.snapshot
  // Concurrent requests of a cold isolate share one read.
  loading ??= refresh(env.DB).finally(() => (loading = null))
  return loading
}

/** After a change made by this isolate: the next read goes to D1. */
export function forgetRegistry(): void {
  held = null
}
