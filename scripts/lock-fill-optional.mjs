#!/usr/bin/env node
/**
 * The npm registry mirror reachable from our build machines lacks some platform-specific optional packages
 * (macOS/Windows builds of workerd, rollup and Taro's binding). `npm install` then leaves them out of
 * package-lock.json, and `npm ci` refuses the lockfile as out of sync. This adds the missing entries, marked
 * optional and tagged with the platform in their name, so `npm ci` skips them on Linux exactly as it would
 * with a complete lockfile. Run after any `npm install` that changes the lockfile:
 * `node scripts/lock-fill-optional.mjs`.
 * With `--check` it only reports (exit 1 when entries are missing); npm test runs it that way.
 */
import { readFileSync, writeFileSync } from 'node:fs'

const file = new URL('../package-lock.json', import.meta.url)
const lock = JSON.parse(readFileSync(file, 'utf8'))
const packages = lock.packages

const OS_WORDS = [
  ['darwin', 'darwin'],
  ['win32', 'win32'],
  ['windows', 'win32'],
  ['linux', 'linux'],
  ['android', 'android'],
  ['freebsd', 'freebsd'],
  ['openbsd', 'openbsd'],
  ['netbsd', 'netbsd'],
  ['sunos', 'sunos'],
  ['aix', 'aix'],
  ['openharmony', 'openharmony'],
]
const CPU_WORDS = [
  ['arm64', 'arm64'],
  ['aarch64', 'arm64'],
  ['x64', 'x64'],
  ['ia32', 'ia32'],
  ['loong64', 'loong64'],
  ['ppc64', 'ppc64'],
  ['riscv64', 'riscv64'],
  ['s390x', 's390x'],
  ['arm', 'arm'],
  ['64', 'x64'],
]

function platformOf(name) {
  const words = name.split('/').pop().split('-')
  const os = OS_WORDS.find(([w]) => words.includes(w))?.[1]
  const cpu =
    CPU_WORDS.find(([w]) => words.includes(w))?.[1] ?? (words.some((w) => /eabihf$/.test(w)) ? 'arm' : undefined)
  const libc =
    words.includes('musl') || words.some((w) => /^musl/.test(w))
      ? 'musl'
      : words.includes('gnu') && os === 'linux'
        ? 'glibc'
        : undefined
  return { os, cpu, libc }
}

/** Where node's resolution would find `name` starting from the package at `from`. */
function resolves(from, name) {
  let dir = from
  for (;;) {
    if (packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) return true
    if (!dir) return false
    const cut = dir.lastIndexOf('/node_modules/')
    dir = cut === -1 ? '' : dir.slice(0, cut)
  }
}

let added = 0
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolves(path, name)) continue
    const { os, cpu, libc } = platformOf(name)
    const target = `${path ? `${path}/` : ''}node_modules/${name}`
    packages[target] = {
      version,
      optional: true,
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(os ? { os: [os] } : {}),
      ...(libc ? { libc: [libc] } : {}),
    }
    added += 1
  }
}

if (process.argv.includes('--check')) {
  console.log(
    added
      ? `package-lock.json lacks ${added} optional platform entries: run node scripts/lock-fill-optional.mjs`
      : 'package-lock.json is complete for npm ci',
  )
  process.exit(added ? 1 : 0)
}
if (added) writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`)
console.log(
  added
    ? `added ${added} missing optional platform entries to package-lock.json`
    : 'package-lock.json already complete',
)
