// Every policy case: the repo's copy of the public cases and, when set, the folder in CANBAO_CASES_DIR.
// One test per case file; each `expect` key is compared on its own so a failure names the key.

import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { evaluate } from '../../../shared/policy/index'
import { checkCase } from '../../../shared/policy/cases'

const here = fileURLToPath(new URL('.', import.meta.url))
const folders = [resolve(here, '../../fixtures/policy-cases')]
const extra = process.env.CANBAO_CASES_DIR
if (extra !== undefined && extra !== '') folders.push(resolve(extra))

for (const folder of folders) {
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
  describe(`policy cases in ${folder}`, () => {
    test('the folder holds cases', () => {
      expect(files.length).toBeGreaterThan(0)
    })
    for (const file of files) {
      test(file, () => {
        const data = JSON.parse(readFileSync(join(folder, file), 'utf8')) as {
          input: unknown
          expect: Record<string, unknown>
        }
        expect(typeof data.expect).toBe('object')
        const result = evaluate(data.input)
        if (data.expect.refused === true) {
          // the engine must refuse, with a code on every issue, and answer nothing
          expect(result.ok, `${file}: refused`).toBe(false)
          if (!result.ok) for (const found of result.issues) expect(found.code).toMatch(/^[A-Z_]+$/)
          return
        }
        if (!result.ok) expect.fail(`input rejected: ${JSON.stringify(result.issues)}`)
        const got = result.value as unknown as Record<string, unknown>
        for (const [key, expected] of Object.entries(data.expect)) {
          expect(got[key], `${file}: ${key}`).toEqual(expected)
        }
      })
    }
  })
}

describe('the case runner (shared/policy/cases.ts)', () => {
  const ok = { province: '51', year: 2027, history: [{ year: 2027, scheme: 'resident', paidOn: '2026-11-01' }] }
  const refused = { ...ok, birthDate: '2026-12-01' }
  test('a refused expectation passes only when the engine refuses', () => {
    expect(checkCase({ input: refused, expect: { refused: true } }, 'a').failures).toEqual([])
    expect(checkCase({ input: ok, expect: { refused: true } }, 'b').failures).toEqual([
      'expected the input to be refused, got an evaluation',
    ])
  })
  test('a refused input still fails an ordinary case', () => {
    expect(checkCase({ input: refused, expect: { covered: true } }, 'c').failures[0]).toMatch(
      /^input rejected: PAID_BEFORE_BIRTH/,
    )
  })
})
