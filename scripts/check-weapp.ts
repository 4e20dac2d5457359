/**
 * Checks the WeChat build as WeChat's uploader would: every page in app.json exists, the main package
 * fits the limit, and nothing in it generates code at run time (WeChat forbids eval and new Function).
 * Prints the sizes. Exit code 1 on any problem.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { repoRoot } from './lib/proc'

export const WECHAT_PACKAGE_LIMIT_BYTES = 2 * 1024 * 1024
/**
 * Our own budget for the main package (issue 15), well under WeChat's limit: everything in it is downloaded
 * before the first page opens, so every KB here is waiting time for a resident on a slow network.
 */
export const MAIN_PACKAGE_BUDGET_BYTES = 600 * 1024
const distDir = path.join(repoRoot, 'miniapp', 'dist')

interface AppJson {
  pages: string[]
  subPackages?: { root: string; pages: string[] }[]
  subpackages?: { root: string; pages: string[] }[]
  tabBar?: { list: { pagePath: string }[] }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? filesUnder(full) : [full]
  })
}

export function checkWeappBuild(dir = distDir) {
  const problems: string[] = []
  const appJsonPath = path.join(dir, 'app.json')
  if (!existsSync(appJsonPath))
    return { problems: [`${appJsonPath} is missing: run npm run build:weapp`], mainBytes: 0, subBytes: 0 }
  const app = JSON.parse(readFileSync(appJsonPath, 'utf8')) as AppJson
  const subPackages = app.subPackages ?? app.subpackages ?? []
  const pagePaths = [
    ...app.pages,
    ...subPackages.flatMap((p) => p.pages.map((page) => `${p.root.replace(/\/$/, '')}/${page}`)),
  ]
  if (app.pages.length === 0) problems.push('app.json lists no pages')
  for (const page of pagePaths) {
    for (const ext of ['js', 'wxml', 'json']) {
      if (!existsSync(path.join(dir, `${page}.${ext}`))) problems.push(`page ${page} has no ${page}.${ext}`)
    }
  }
  for (const tab of app.tabBar?.list ?? []) {
    if (!app.pages.includes(tab.pagePath))
      problems.push(`tab ${tab.pagePath} is not a main-package page (WeChat requires it)`)
  }
  const files = filesUnder(dir)
  const subRoots = subPackages.map((p) => path.join(dir, p.root))
  let mainBytes = 0
  let subBytes = 0
  for (const file of files) {
    const size = statSync(file).size
    if (subRoots.some((root) => file.startsWith(root + path.sep))) subBytes += size
    else mainBytes += size
    if (/\.(js|wxs)$/.test(file)) {
      const text = readFileSync(file, 'utf8')
      if (/\bnew Function\s*\(|\beval\s*\(/.test(text))
        problems.push(`${path.relative(dir, file)} uses eval or new Function, which WeChat forbids`)
    }
  }
  if (mainBytes > WECHAT_PACKAGE_LIMIT_BYTES)
    problems.push(`main package is ${mainBytes} bytes, over WeChat's ${WECHAT_PACKAGE_LIMIT_BYTES}`)
  else if (mainBytes > MAIN_PACKAGE_BUDGET_BYTES)
    problems.push(
      `main package is ${kb(mainBytes)}, over the ${kb(MAIN_PACKAGE_BUDGET_BYTES)} budget (issue 15): ` +
        'move what only a sub-page needs into its sub-package',
    )
  return { problems, mainBytes, subBytes, pages: pagePaths }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = checkWeappBuild()
  console.log(
    `weapp main package: ${kb(result.mainBytes)} of ${kb(WECHAT_PACKAGE_LIMIT_BYTES)} (WeChat limit); ` +
      `sub-packages: ${kb(result.subBytes)}`,
  )
  console.log(`weapp pages: ${(result.pages ?? []).join(', ')}`)
  for (const p of result.problems) console.error(`✗ ${p}`)
  process.exit(result.problems.length ? 1 : 0)
}
