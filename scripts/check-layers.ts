/**
 * The layering rules that the code review alone did not keep: SQL (`.prepare(` / `.batch(`) only in
 * functions/src/db/, and no fake reachable from the Worker's entry except through the dev-only bindings.
 * A file outside the data layer that talks to D1 fails `npm test` (issue 18 moved the last ones into db/).
 * Exit code 1 on any problem.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { repoRoot } from './lib/proc'

const SOURCE = path.join(repoRoot, 'functions', 'src')
const DATA_LAYER = 'functions/src/db/'
const SQL_CALL = /\.(prepare|batch)\(/

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? filesUnder(full) : /\.tsx?$/.test(name) ? [full] : []
  })
}

export function layerProblems(): string[] {
  const problems: string[] = []
  for (const file of filesUnder(SOURCE)) {
    const rel = path.relative(repoRoot, file).split(path.sep).join('/')
    if (rel.startsWith(DATA_LAYER)) continue
    const lines = readFileSync(file, 'utf8').split('\n')
    const hits = lines.flatMap((line, i) => (SQL_CALL.test(line) ? [i + 1] : []))
    if (hits.length === 0) continue
    problems.push(`${rel}:${hits.join(',')}: SQL outside ${DATA_LAYER}; move it into a function there`)
  }
  return problems
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = layerProblems()
  for (const p of problems) console.error(p)
  console.log(problems.length === 0 ? `layers: SQL only in ${DATA_LAYER}` : `layers: ${problems.length} problem(s)`)
  process.exit(problems.length === 0 ? 0 : 1)
}
