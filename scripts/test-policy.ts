// Case runner: every policy case in test/fixtures/policy-cases and in $CANBAO_CASES_DIR (when set).
// One line per case, then exactly "N passed, N failed"; exit 1 on any failure or unreadable case file.
//   npx tsx scripts/test-policy.ts

import { readdirSync, readFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkCase } from '../shared/policy/cases'

const here = fileURLToPath(new URL('.', import.meta.url))
const dirs = [resolve(here, '../test/fixtures/policy-cases')]
const extra = process.env.CANBAO_CASES_DIR
if (extra !== undefined && extra !== '') dirs.push(resolve(extra))

let passed = 0
let failed = 0
for (const dir of dirs) {
  let files: string[]
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
  } catch (error) {
    console.log(`FAIL ${dir}: cannot read folder: ${(error as Error).message}`)
    failed++
    continue
  }
  for (const file of files) {
    const label = dirs.length > 1 ? join(basename(dir), file) : file
    let data: unknown
    try {
      data = JSON.parse(readFileSync(join(dir, file), 'utf8'))
    } catch (error) {
      console.log(`FAIL ${label}: cannot parse: ${(error as Error).message}`)
      failed++
      continue
    }
    const outcome = checkCase(data, file)
    if (outcome.failures.length === 0) {
      console.log(`ok  ${label}`)
      passed++
    } else {
      console.log(`FAIL ${label}: ${outcome.failures.join('; ')}`)
      failed++
    }
  }
}
console.log(`${passed} passed, ${failed} failed`)
process.exitCode = failed > 0 ? 1 : 0
