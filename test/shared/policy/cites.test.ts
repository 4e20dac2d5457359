// Every rule cites where it comes from ("SPEC §3.5", "D7"). Those cites must resolve inside the repository, in
// docs/policy.md, or a reader of a clone meets a dead reference. This walks the source and the tests.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { DECISION_IDS } from '../../../shared/policy/decisions'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const policyDoc = readFileSync(path.join(root, 'docs/policy.md'), 'utf8')
const anchors = new Set([...policyDoc.matchAll(/<a id="([a-z0-9-]+)"><\/a>/g)].map((m) => m[1] as string))

function filesUnder(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist' || name === 'dist-h5') continue
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) out.push(...filesUnder(full))
    else if (/\.(ts|tsx|md|sql|json)$/.test(name)) out.push(full)
  }
  return out
}

interface Cite {
  file: string
  text: string
  anchor: string
}

/** "SPEC §3.5" → s3-5, "SPEC §4" → s4: anywhere in the code, tests, scripts and docs. */
function specCites(file: string, text: string): Cite[] {
  return [...text.matchAll(/SPEC §(\d+)(?:\.(\d+))?/g)].map((m) => ({
    file,
    text: m[0],
    anchor: m[2] === undefined ? `s${m[1]}` : `s${m[1]}-${m[2]}`,
  }))
}

/**
 * "D7" → d7, only where a D-number is a decision: the rules engine and its tests and cases. Elsewhere "D1" is
 * usually Cloudflare's database.
 */
function decisionCites(file: string, text: string): Cite[] {
  return [...text.matchAll(/\bD(\d{1,2})\b/g)].map((m) => ({ file, text: m[0], anchor: `d${m[1]}` }))
}

const relative = (file: string) => path.relative(root, file)
// This file's own examples of dangling cites are left out.
const sourceFiles = ['shared', 'functions', 'miniapp/src', 'test', 'scripts', 'docs']
  .flatMap((d) => filesUnder(path.join(root, d)))
  .filter((f) => f !== fileURLToPath(import.meta.url))
const decisionFiles = sourceFiles.filter((f) =>
  /^(shared\/policy|test\/shared\/policy|test\/fixtures\/policy-cases)\//.test(relative(f)),
)

describe('policy cites resolve in docs/policy.md', () => {
  test('the document has the sections and decisions the engine names', () => {
    for (const section of ['s1', 's2', 's3', 's3-1', 's3-6', 's4', 's4-1', 's4-8', 's5', 's6', 's7', 's8'])
      expect(anchors).toContain(section)
    for (const id of Object.values(DECISION_IDS)) expect(anchors).toContain(id.toLowerCase())
  })

  test('every "SPEC §x" cite in the repository has an anchor', () => {
    const cites = sourceFiles.flatMap((f) => specCites(f, readFileSync(f, 'utf8')))
    expect(cites.length).toBeGreaterThan(10)
    const dangling = cites.filter((c) => !anchors.has(c.anchor)).map((c) => `${relative(c.file)}: ${c.text}`)
    expect(dangling).toEqual([])
  })

  test('every decision id cited by the rules engine, its tests and cases has an anchor', () => {
    const cites = decisionFiles.flatMap((f) => decisionCites(f, readFileSync(f, 'utf8')))
    expect(cites.length).toBeGreaterThan(50)
    const dangling = cites.filter((c) => !anchors.has(c.anchor)).map((c) => `${relative(c.file)}: ${c.text}`)
    expect(dangling).toEqual([])
  })

  test('a cite to a section the document lacks is caught', () => {
    expect(specCites('x', 'see SPEC §9.4').map((c) => anchors.has(c.anchor))).toEqual([false])
    expect(decisionCites('x', 'D18').map((c) => anchors.has(c.anchor))).toEqual([false])
  })
})
