/**
 * `npm run build:worker` ends here: the bundle wrangler would deploy (.tmp/worker, or the folder given) must
 * carry no fake. A fake in production would "pay" without moving money or sign anyone in with `dev:` codes;
 * the deployed entry imports none (local runs start functions/fakes/dev-worker.ts), and this keeps it so.
 * Markers are strings every fake uses at run time, so minifying or tree-shaking cannot hide one that ships:
 * the admin routes of both fakes and the platform fake's API key. Nor may it generate code at run time (eval,
 * new Function, or Function taken under another name as zod does): Workers refuse it, and a library that tries
 * (zod, which hono-openapi's converters can load; wrangler.toml [alias] keeps it out) is not ours to ship.
 * Exit code 1 on a marker, code generation or an empty folder.
 *   tsx scripts/check-worker-bundle.ts [folder]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { repoRoot } from './lib/proc'

export const FAKE_MARKERS = ['/__admin/', 'canbao-fake-platform-key'] as const

function bundleFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? bundleFiles(full) : /\.(m?js|cjs)$/.test(name) ? [full] : []
  })
}

const CODE_GENERATION = /\bnew Function\s*\(|\beval\s*\(|=\s*Function\s*[;,)]/

/** Each marker found, with the file it is in. */
export function fakesInBundle(dir: string): { file: string; marker: string }[] {
  return bundleFiles(dir).flatMap((file) => {
    const text = readFileSync(file, 'utf8')
    return FAKE_MARKERS.filter((m) => text.includes(m)).map((marker) => ({ file, marker }))
  })
}

/** Each place the bundle would generate code at run time, with the file it is in. */
export function codeGenerationInBundle(dir: string): { file: string; match: string }[] {
  return bundleFiles(dir).flatMap((file) => {
    const match = CODE_GENERATION.exec(readFileSync(file, 'utf8'))
    return match ? [{ file, match: match[0] }] : []
  })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve(repoRoot, process.argv[2] ?? '.tmp/worker')
  const files = existsSync(dir) ? bundleFiles(dir) : []
  if (files.length === 0) {
    console.error(`worker bundle: no JavaScript in ${path.relative(repoRoot, dir)} (build it first)`)
    process.exit(1)
  }
  const found = fakesInBundle(dir)
  for (const f of found) console.error(`${path.relative(repoRoot, f.file)}: contains ${JSON.stringify(f.marker)}`)
  const generated = codeGenerationInBundle(dir)
  for (const g of generated) console.error(`${path.relative(repoRoot, g.file)}: generates code (${g.match})`)
  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0)
  console.log(
    found.length === 0
      ? `worker bundle: no fake (${files.length} file(s), ${bytes.toLocaleString('en-US')} bytes)`
      : `worker bundle: a fake is in the deployed Worker (${found.length} marker(s))`,
  )
  if (generated.length > 0) console.log('worker bundle: generates code at run time (eval / new Function)')
  process.exit(found.length === 0 && generated.length === 0 ? 0 : 1)
}
