// Pure (no Taro): what the calculator and the home page compute with, from a stored figure set.

import type { FigureSet } from '@canbao/shared/registry/figures'
import { figureItems, tablesFromFigures, type FigureItemView } from '@canbao/shared/registry/figures'
import type { PolicyTables } from '@canbao/shared/policy'
import { dateZh } from '@canbao/shared/policy'
import { cstDate } from '@canbao/shared/api/dates'
import { provinceRegionCode } from '@canbao/shared/regions'

export interface StoredFigureSet {
  set: FigureSet
  etag: string | null
  fetchedAtMs: number
}

/**
 * What a calculation needs from the download: the engine's tables, the region it applies to, and what to
 * say about it.
 */
export interface FigureContext {
  tables: PolicyTables | undefined
  /** the resident's pooling region when it lies in the province calculated */
  region: string | undefined
  /** e.g. `地区数据第3版（2026年12月1日更新）` */
  versionZh: string
  items: FigureItemView[]
}

const tablesCache = new WeakMap<FigureSet, Map<number, PolicyTables>>()

/**
 * The model function every calculation on the phone calls (the calculator, the home page): the tables of
 * `year` from the stored set, and which version and date they are. `region` is the resident's own, if any.
 */
export function figureContext(
  stored: StoredFigureSet | undefined,
  province: string,
  year: number,
  region: string | null | undefined,
): FigureContext {
  const inProvince = region?.startsWith(province) && region !== provinceRegionCode(province) ? region : undefined
  if (!stored)
    return {
      tables: undefined,
      region: inProvince,
      // Plain words for a resident (review 23): not "内置数据", which is how a developer names it.
      versionZh: '还没有下载当地最新数据，先按本助手自带的数据计算',
      items: figureItems([], province, inProvince ?? null, year),
    }
  let byYear = tablesCache.get(stored.set)
  if (!byYear) {
    byYear = new Map()
    tablesCache.set(stored.set, byYear)
  }
  let tables = byYear.get(year)
  if (!tables) {
    tables = tablesFromFigures(stored.set.figures, year)
    byYear.set(year, tables)
  }
  const updated = stored.set.updatedAt ? `（${dateZh(cstDateOf(stored.set.updatedAt))}更新）` : ''
  return {
    tables,
    region: inProvince,
    versionZh: `地区数据第${stored.set.version}版${updated}`,
    items: figureItems(stored.set.figures, province, inProvince ?? null, year),
  }
}

function cstDateOf(iso: string): string {
  const ms = Date.parse(iso)
  return Number.isFinite(ms) ? cstDate(ms) : iso.slice(0, 10)
}
