import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { longLines, MAX_LINE } from '../../scripts/check-line-length'
import { repoRoot } from '../../scripts/lib/proc'

const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx')
const script = path.join(repoRoot, 'scripts', 'check-line-length.ts')
const scratch: string[] = []

/** A scratch git repository holding the given files, all tracked. */
function repoWith(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'line-length-'))
  scratch.push(root)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), text)
  }
  execFileSync('git', ['init', '-q'], { cwd: root })
  execFileSync('git', ['add', '.'], { cwd: root })
  return root
}

function check(root: string) {
  const result = spawnSync(tsx, [script, '--root', root], { encoding: 'utf8' })
  return { code: result.status, output: result.stdout + result.stderr }
}

afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const long = `const s = '${'x'.repeat(MAX_LINE)}'\n`

describe('check-line-length', () => {
  it('fails on a planted long line and names its file and line', () => {
    const root = repoWith({ 'src/ok.ts': 'export const a = 1\n', 'src/bad.ts': `// first\n${long}` })
    const { code, output } = check(root)
    expect(code).toBe(1)
    expect(output).toContain('src/bad.ts:2:')
    expect(output).not.toContain('src/ok.ts')
  })

  it('passes on a clean tree', () => {
    const root = repoWith({ 'src/ok.ts': `const s = '${'x'.repeat(MAX_LINE - 12)}'\n`, 'db.sql': 'SELECT 1;\n' })
    const { code, output } = check(root)
    expect(code).toBe(0)
    expect(output).toContain('at most 120')
  })

  it('leaves applied migrations, generated files and Markdown alone', () => {
    const root = repoWith({
      'functions/migrations/0001_init.sql': long,
      'functions/worker-configuration.d.ts': long,
      'package-lock.json': long,
      'README.md': long,
    })
    expect(check(root).code).toBe(0)
  })

  it('counts characters, not bytes: 120 Chinese characters fit, 121 do not', () => {
    const root = repoWith({ 'fits.ts': `${'参'.repeat(MAX_LINE)}\n`, 'over.ts': `${'参'.repeat(MAX_LINE + 1)}\n` })
    expect(longLines(root, ['fits.ts', 'over.ts'])).toEqual([{ file: 'over.ts', line: 1, length: MAX_LINE + 1 }])
  })
})
