/**
 * The layering rules that the code review alone did not keep: SQL (`.prepare(` / `.batch(`) only in
 * functions/src/db/, and no fake reachable from the Worker's entry except through the dev-only bindings.
 * Files still waiting to move are listed in ALLOWED_FOR_NOW, so the list can only shrink: a new file outside
 * the data layer that talks to D1 fails `npm test`, and so does a listed file that no longer needs its place.
 * Exit code 1 on any problem.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { repoRoot } from './lib/proc'

const SOURCE = path.join(repoRoot, 'functions', 'src')
const DATA_LAYER = 'functions/src/db/'
const SQL_CALL = /\.(prepare|batch)\(/

/** Known debts (issue 18), each to be moved into functions/src/db/ and deleted from here. */
const ALLOWED_FOR_NOW = new Set(['functions/src/reminders/planner.ts', 'functions/src/reminders/relative-due.ts'])

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? filesUnder(full) : /\.tsx?$/.test(name) ? [full] : []
  })
}

export function layerProblems(): string[] {
  const problems: string[] = []
  const offenders = new Set<string>()
  for (const file of filesUnder(SOURCE)) {
    const rel = path.relative(repoRoot, file).split(path.sep).join('/')
    if (rel.startsWith(DATA_LAYER)) continue
    const lines = readFileSync(file, 'utf8').split('\n')
    const hits = lines.flatMap((line, i) => (SQL_CALL.test(line) ? [i + 1] : []))
    if (hits.length === 0) continue
    offenders.add(rel)
    if (!ALLOWED_FOR_NOW.has(rel))
      problems.push(`${rel}:${hits.join(',')}: SQL outside ${DATA_LAYER}; move it into a function there`)
  }
  for (const rel of ALLOWED_FOR_NOW) {
    if (!offenders.has(rel))
      problems.push(`${rel} no longer reaches D1 directly: remove it from ALLOWED_FOR_NOW in scripts/check-layers.ts`)
  }
  return problems
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = layerProblems()
  for (const p of problems) console.error(p)
  console.log(
    problems.length === 0
      ? `layers: SQL only in ${DATA_LAYER} (${ALLOWED_FOR_NOW.size} files still to move)`
      : `layers: ${problems.length} problem(s)`,
  )
  process.exit(problems.length === 0 ? 0 : 1)
}
