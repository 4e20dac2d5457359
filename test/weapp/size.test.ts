import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAIN_PACKAGE_BUDGET_BYTES, checkWeappBuild } from '../../scripts/check-weapp'
import { repoRoot } from '../../scripts/lib/proc'

/**
 * Issue 15: a resident waits for the whole main package before the first page opens, so it has a budget.
 * These read the build the other weapp tests run.
 */
const dist = path.join(repoRoot, 'miniapp/dist')

describe('the WeChat main package', () => {
  it('fits the budget and passes the uploader checks', () => {
    const build = checkWeappBuild(dist)
    expect(build.problems).toEqual([])
    expect(build.mainBytes).toBeLessThanOrEqual(MAIN_PACKAGE_BUDGET_BYTES)
  })

  it('carries only the valibot functions the app calls, not the whole library', () => {
    // One statement that used the `v` namespace as a value (Babel does this for `v.f(x, await y)`) once kept
    // all of valibot, 90 KB, in vendors.js. IPV6_REGEX belongs to a validator nothing in the app uses.
    const vendors = readFileSync(path.join(dist, 'vendors.js'), 'utf8')
    expect(vendors).toContain('strict_object')
    expect(vendors).not.toContain('IPV6_REGEX')
  })
})
