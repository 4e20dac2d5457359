import { writeFileSync } from 'node:fs'
import type { Compiler } from 'webpack'

/**
 * `BUNDLE_REPORT=<file> npm run build:weapp` writes which modules each output file carries (sizes before
 * minification) and which library modules are kept whole because some code uses their namespace as a value
 * (issue 15: that is how all of valibot once sat in the main package). For finding what weighs; changes nothing.
 */
export class BundleReportPlugin {
  constructor(private readonly file: string) {}

  apply(compiler: Compiler) {
    compiler.hooks.afterEmit.tap('BundleReportPlugin', (compilation) => {
      const name = (m: { readableIdentifier(s: unknown): string }) => m.readableIdentifier(compilation.requestShortener)
      const lines: string[] = []
      for (const chunk of compilation.chunks) {
        const rows: [number, string][] = []
        for (const m of compilation.chunkGraph.getChunkModules(chunk)) {
          const inner = 'modules' in m && m.modules instanceof Set ? [...m.modules] : [m]
          for (const im of inner) rows.push([im.size(), name(im)])
        }
        rows.sort((a, b) => b[0] - a[0])
        lines.push(`== ${[...chunk.files].join(', ')}: ${rows.reduce((sum, r) => sum + r[0], 0)} bytes`)
        for (const [size, id] of rows) lines.push(`  ${size} ${id}`)
      }
      for (const m of compilation.modules) {
        const id = name(m)
        if (
          !id.includes('node_modules') ||
          compilation.moduleGraph.getExportsInfo(m).getUsedExports(undefined) !== true
        )
          continue
        for (const c of compilation.moduleGraph.getIncomingConnections(m)) {
          const dep = c.dependency as { type?: string; ids?: string[]; loc?: { start?: { line: number } } } | null
          if (dep?.type === 'harmony import specifier' && dep.ids?.length === 0 && c.originModule)
            lines.push(
              `!! ${id} kept whole: its namespace is a value in ${name(c.originModule)} ` +
                `(line ${dep.loc?.start?.line} after Babel)`,
            )
        }
      }
      writeFileSync(this.file, `${lines.join('\n')}\n`)
    })
  }
}
