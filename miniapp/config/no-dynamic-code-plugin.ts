import type { Compiler } from 'webpack'

/**
 * webpack's `__webpack_require__.g` runtime falls back to `new Function("return this")`, which WeChat
 * forbids (and its review rejects). Replace it with a lookup that needs no code generation.
 */
export class NoDynamicCodePlugin {
  apply(compiler: Compiler) {
    compiler.hooks.compilation.tap('NoDynamicCodePlugin', (compilation) => {
      compilation.hooks.runtimeModule.tap('NoDynamicCodePlugin', (module) => {
        if (module.name !== 'global') return
        const generate = () =>
          [
            '__webpack_require__.g = (function () {',
            "  if (typeof globalThis === 'object') return globalThis;",
            "  if (typeof wx === 'object') return wx;",
            "  if (typeof window === 'object') return window;",
            '  return {};',
            '})();',
          ].join('\n')
        Object.defineProperty(module, 'generate', { value: generate })
      })
    })
  }
}
