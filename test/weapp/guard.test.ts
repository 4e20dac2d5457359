import vm from 'node:vm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FORBIDDEN_GLOBALS, OFFLINE, WeappApp } from './harness'

/**
 * The harness is only worth something if its guards fire. These run small scripts in the same context as the
 * launched bundle, so a change that quietly drops a guard (or leaks a Node global in) fails here.
 */
let app: WeappApp
beforeEach(async () => {
  app = await WeappApp.launch({ request: () => OFFLINE })
})
afterEach(() => app.close())

describe('the weapp harness guards', () => {
  it('starts clean: the real bundle reached for nothing WeChat lacks', () => {
    expect(app.problems()).toEqual([])
  })

  it('fails on a reach for fetch even when the code swallows the error', () => {
    app.sandbox.evaluate('try { fetch("https://example.com") } catch (e) {}', 'bad-fetch.js')
    expect(() => app.assertHealthy()).toThrow(/global "fetch".*wx\.request/s)
    expect(app.sandbox.violations[0]?.stack).toContain('bad-fetch.js')
  })

  it.each(Object.keys(FORBIDDEN_GLOBALS))('fails on %s', (name) => {
    expect(() => app.sandbox.evaluate(`typeof ${name}`)).toThrow(/reached for global/)
    expect(app.sandbox.violations.map((v) => v.name)).toEqual([name])
  })

  it('hides the guards from code that lists the globals, as Taro does to build its window', () => {
    const own = app.sandbox.evaluate('Object.getOwnPropertyNames(globalThis)') as string[]
    for (const name of Object.keys(FORBIDDEN_GLOBALS)) expect(own).not.toContain(name)
    expect(app.problems()).toEqual([])
  })

  it('lets a polyfill install a missing name, as WeChat would, without counting it as a reach', () => {
    expect(app.sandbox.evaluate('globalThis.TextEncoder = function TextEncoder() {}; typeof TextEncoder')).toBe(
      'function',
    )
    expect(app.problems()).toEqual([])
  })

  it('refuses eval, new Function and string timers, and records who tried', () => {
    expect(() => app.sandbox.evaluate('eval("1 + 1")')).toThrow(/WeChat forbids/)
    expect(() => app.sandbox.evaluate('new Function("return this")')).toThrow(/WeChat forbids/)
    expect(() => app.sandbox.evaluate('(function () {}).constructor("return 1")')).toThrow(/WeChat forbids/)
    expect(() => app.sandbox.evaluate('setTimeout("1 + 1", 0)')).toThrow(/function/)
    expect(app.sandbox.violations.map((v) => v.name)).toEqual(['eval()', 'new Function()', 'Function()', 'setTimeout'])
  })

  it('offers exactly the globals WeChat defines next to the language builtins', () => {
    const builtins = new Set(vm.runInNewContext('Object.getOwnPropertyNames(globalThis)') as string[])
    const own = (app.sandbox.evaluate('Object.getOwnPropertyNames(globalThis)') as string[]).filter(
      (n) => !builtins.has(n),
    )
    expect(own.sort()).toEqual(
      [
        'App',
        'Behavior',
        'Component',
        'Page',
        'clearInterval',
        'clearTimeout',
        'getApp',
        'getCurrentPages',
        'requirePlugin',
        'setInterval',
        'setTimeout',
        'wx',
      ]
        // What the bundle itself assigned to the global (Babel's regenerator runtime).
        .concat(own.filter((n) => n === 'regeneratorRuntime'))
        .sort(),
    )
    expect(own).not.toContain('require')
  })
})
