import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { repoRoot } from '../../../scripts/lib/proc'

export const distDir = path.join(repoRoot, 'miniapp', 'dist')

export interface SubPackage {
  root: string
  pages: string[]
  independent?: boolean
}

export interface AppJson {
  pages: string[]
  subPackages?: SubPackage[]
  subpackages?: SubPackage[]
  tabBar?: { list: { pagePath: string; text: string; iconPath?: string; selectedIconPath?: string }[] }
  lazyCodeLoading?: string
  usingComponents?: Record<string, string>
}

export function readAppJson(dir = distDir): AppJson {
  const file = path.join(dir, 'app.json')
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build:weapp\` first (npm test does).`)
  return JSON.parse(readFileSync(file, 'utf8')) as AppJson
}

export function subPackagesOf(app: AppJson): SubPackage[] {
  return app.subPackages ?? app.subpackages ?? []
}

/** Every page route WeChat knows: the main package, then each sub-package's pages under its root. */
export function allPages(app: AppJson): string[] {
  return [
    ...app.pages,
    ...subPackagesOf(app).flatMap((p) => p.pages.map((page) => `${p.root.replace(/\/$/, '')}/${page}`)),
  ]
}

export function tabPages(app: AppJson): string[] {
  return (app.tabBar?.list ?? []).map((t) => t.pagePath)
}

export function readJson<T>(dir: string, rel: string): T | undefined {
  const file = path.join(dir, rel)
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined
}
