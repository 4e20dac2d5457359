import { execFileSync } from 'node:child_process'
import {
  accessSync,
  constants,
  copyFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import vm from 'node:vm'
import { repoRoot } from '../../../scripts/lib/proc'

/**
 * WeChat's own template and style compilers, `wcc` (WXML → the view layer's render function) and `wcsc`
 * (WXSS → CSS with rpx converted), as the npm package `miniprogram-compiler` ships them for WeChat's tools.
 * The harness compiles the real build with them, so a template or a style that WeChat rejects or drops fails
 * here instead of on a phone.
 */

const require = createRequire(import.meta.url)

/** The package ships x86-64 builds for these platforms only (the macOS one runs under Rosetta on arm64). */
const BINARY_DIRS: Record<string, { dir: string; exe: string; arches: string[] }> = {
  linux: { dir: 'linux', exe: '', arches: ['x64'] },
  darwin: { dir: 'mac', exe: '', arches: ['x64', 'arm64'] },
  win32: { dir: 'windows', exe: '.exe', arches: ['x64', 'ia32', 'arm64'] },
}

export type CompilerBinaries = { ok: true; wcc: string; wcsc: string; version: string } | { ok: false; reason: string }

let located: CompilerBinaries | undefined

/** Why WeChat's compilers cannot run on `platform`-`arch`, or null when the package has a binary for it. */
export function unsupportedPlatform(
  version: string,
  platform: string = process.platform,
  arch: string = process.arch,
): string | null {
  const known = BINARY_DIRS[platform]
  if (known?.arches.includes(arch)) return null
  return `miniprogram-compiler ${version} has no wcc/wcsc for ${platform}-${arch} (only linux-x64, macOS and Windows)`
}

/**
 * Where wcc and wcsc are, runnable. npm unpacks the package's Linux binaries without their run bits (its
 * tarball stores them 0644 and the package chmods at first use); rather than chmod files that npm may share
 * by hard link with other checkouts, a copy with the run bit goes to node_modules/.cache.
 */
export function compilerBinaries(): CompilerBinaries {
  if (located) return located
  located = locate()
  return located
}

function locate(): CompilerBinaries {
  let pkgDir: string
  let version: string
  try {
    const pkgJson = require.resolve('miniprogram-compiler/package.json')
    pkgDir = path.dirname(pkgJson)
    version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version
  } catch {
    return { ok: false, reason: 'the devDependency miniprogram-compiler is not installed (run `npm ci`)' }
  }
  const unsupported = unsupportedPlatform(version)
  const platform = BINARY_DIRS[process.platform]
  if (unsupported || !platform) return { ok: false, reason: unsupported ?? `no binary for ${process.platform}` }
  const cacheDir = path.join(
    repoRoot,
    'node_modules',
    '.cache',
    'canbao-wechat-compiler',
    `${version}-${process.platform}`,
  )
  const runnable = (name: string) => {
    const shipped = path.join(pkgDir, 'bin', platform.dir, `${name}${platform.exe}`)
    if (!existsSync(shipped)) throw new Error(`${shipped} is missing from miniprogram-compiler ${version}`)
    if (process.platform === 'win32' || isExecutable(shipped)) return shipped
    const copy = path.join(cacheDir, name)
    if (existsSync(copy) && isExecutable(copy) && statSync(copy).size === statSync(shipped).size) return copy
    mkdirSync(cacheDir, { recursive: true })
    // Copy under a private name and rename: two test workers may do this at once.
    const partial = `${copy}.${process.pid}`
    copyFileSync(shipped, partial)
    chmodSync(partial, 0o755)
    renameSync(partial, copy)
    return copy
  }
  try {
    return { ok: true, wcc: runnable('wcc'), wcsc: runnable('wcsc'), version }
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) }
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Every file under `dir` (relative, `/`-separated) whose name ends with `ext`, sorted. */
function filesEndingWith(dir: string, ext: string, rel = ''): string[] {
  const found: string[] = []
  for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') found.push(...filesEndingWith(dir, ext, child))
    } else if (entry.name.endsWith(ext)) {
      found.push(child)
    }
  }
  return found.sort()
}

export interface CompiledWxml {
  /** The generated JavaScript defining `$gwx(path)`: one render function per WXML file. */
  source: string
  files: string[]
  ms: number
}

/** Compiles every WXML (and WXS) file of the build in one wcc run, as WeChat's tools do. */
export function compileWxml(distDir: string): CompiledWxml {
  const bins = requireBinaries()
  const files = filesEndingWith(distDir, '.wxml')
  const wxs = filesEndingWith(distDir, '.wxs')
  const started = performance.now()
  const source = runCompiler(bins.wcc, ['-d', '-cc', '0', ...files, ...wxs, '-gn', '$gwx'], distDir, 'wcc')
  return { source, files, ms: performance.now() - started }
}

export interface CompiledWxss {
  /** CSS per WXSS file (`app.wxss`, `pages/index/index.wxss`…), rpx already turned into px for the width. */
  css: Map<string, string>
  /** What wcsc flags but WeChat still applies, per file (an ID or tag selector in page or component style). */
  warnings: string[]
  ms: number
}

/** The width WeChat converts rpx for: 750rpx is the screen width in px. */
export const SCREEN_WIDTH = 375
export const SCREEN_HEIGHT = 667

/**
 * Compiles every WXSS file with wcsc's lint on. A syntax error or a selector WeChat refuses (`*`, a stray `;`)
 * makes wcsc exit with `ERR: file(line:col)`, which throws here. The output is run through the stylesheet code
 * wcsc generates (the same that runs in WeChat's view layer) to get each file's CSS at 375 px width.
 */
export function compileWxss(distDir: string, width = SCREEN_WIDTH): CompiledWxss {
  const bins = requireBinaries()
  const files = filesEndingWith(distDir, '.wxss')
  // Files with a .json next to them are app, pages and components; wcsc wants those first, counted by -pc.
  const owned = files.filter((f) => existsSync(path.join(distDir, f.replace(/\.wxss$/, '.json'))))
  const imported = files.filter((f) => !owned.includes(f))
  const started = performance.now()
  const out = runCompiler(
    bins.wcsc,
    ['-lc', '-js', '-pc', String(owned.length), ...owned, ...imported],
    distDir,
    'wcsc',
  )
  const ms = performance.now() - started
  const parts = out.split('=')
  const sections = new Map<string, string>()
  for (let i = 0; i + 1 < parts.length; i += 2) sections.set(parts[i] as string, unescapeOnce(parts[i + 1] as string))
  const comm = sections.get('comm')
  if (comm === undefined) throw new Error(`wcsc printed no common stylesheet code:\n${out.slice(0, 500)}`)

  const style = () => ({
    childNodes: [] as { nodeValue: string }[],
    setAttribute() {},
    appendChild(node: { nodeValue: string }) {
      this.childNodes.push(node)
    },
  })
  const written: ReturnType<typeof style>[] = []
  const warnings: string[] = []
  const context = vm.createContext({
    window: { screen: { width, height: SCREEN_HEIGHT }, devicePixelRatio: 2 },
    // An iPhone at 2x: a hairline (1rpx) is 0.5px there, as on the phones residents use most.
    navigator: { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger' },
    document: {
      head: { appendChild: (s: ReturnType<typeof style>) => written.push(s) },
      createElement: style,
      createTextNode: (text: string) => ({ nodeValue: text }),
      getElementsByTagName: () => [],
    },
    console: {
      warn: (m: unknown) => warnings.push(String(m)),
      error: (m: unknown) => warnings.push(String(m)),
      log() {},
    },
  })
  vm.runInContext(comm, context, { filename: 'wcsc-common.js' })
  const css = new Map<string, string>()
  for (const [name, code] of sections) {
    if (name === 'version' || name === 'comm' || !name.endsWith('.wxss') || name.startsWith('./')) continue
    written.length = 0
    const before = warnings.length
    const rewrite = vm.runInContext(`(${code})`, context, { filename: name }) as (
      suffix: string,
      opt: Record<string, unknown>,
    ) => void
    rewrite('', { allowIllegalSelector: true, deviceWidth: width })
    for (let i = before; i < warnings.length; i++)
      warnings[i] = `${name}: ${String(warnings[i]).replace(/^For developer:/, '')}`
    css.set(name, written.map((s) => s.childNodes.map((n) => n.nodeValue).join('')).join('\n'))
  }
  return { css, warnings, ms }
}

function requireBinaries(): Extract<CompilerBinaries, { ok: true }> {
  const bins = compilerBinaries()
  if (!bins.ok) throw new Error(`WeChat's compilers are not available: ${bins.reason}`)
  return bins
}

function runCompiler(binary: string, args: string[], cwd: string, name: string): string {
  try {
    return execFileSync(binary, args, {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  } catch (err) {
    const e = err as { status?: number; stderr?: string; stdout?: string }
    const said = `${e.stderr ?? ''}${e.stdout && !e.stdout.startsWith('version=') ? e.stdout : ''}`.trim()
    throw new Error(`${name} refused the build in ${cwd} (exit ${e.status ?? '?'}):\n${said || String(err)}`)
  }
}

/** wcsc prints each section as a JavaScript string's escaped body: `\x22`, `\n`, `\\`… undone one level. */
function unescapeOnce(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[\s\S])/g, (_, esc: string) => {
    if (esc[0] === 'x' || esc[0] === 'u') return String.fromCharCode(parseInt(esc.slice(1), 16))
    return ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[esc] ?? esc
  })
}

export interface CompiledBuild {
  wxml: CompiledWxml
  wxss: CompiledWxss
}

const builds = new Map<string, { stamp: number; build: CompiledBuild }>()

/** Both compilations of a build, done once per test worker (and again only if the build changed). */
export function compiledBuild(distDir: string): CompiledBuild {
  const stamp = statSync(path.join(distDir, 'app.json')).mtimeMs + statSync(path.join(distDir, 'base.wxml')).mtimeMs
  const cached = builds.get(distDir)
  if (cached?.stamp === stamp) return cached.build
  const build = { wxml: compileWxml(distDir), wxss: compileWxss(distDir) }
  builds.set(distDir, { stamp, build })
  return build
}
