/**
 * The layering rules that the code review alone did not keep: SQL (`.prepare(` / `.batch(`) only in
 * functions/src/db/, and no fake reachable from the Worker's entry except through the dev-only bindings.
 * A file outside the data layer that talks to D1 fails `npm test` (issue 18 moved the last ones into db/).
 * Second rule (issue 18): the data layer answers in camelCase domain types, so no snake_case column name leaves
 * it — see rowProblems. Exit code 1 on any problem.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { repoRoot } from './lib/proc'

const SOURCE = path.join(repoRoot, 'functions', 'src')
const DATA_LAYER = 'functions/src/db/'
const SQL_CALL = /\.(prepare|batch)\(/

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? filesUnder(full) : /\.tsx?$/.test(name) ? [full] : []
  })
}

export function layerProblems(): string[] {
  const problems: string[] = []
  for (const file of filesUnder(SOURCE)) {
    const rel = path.relative(repoRoot, file).split(path.sep).join('/')
    if (rel.startsWith(DATA_LAYER)) continue
    const lines = readFileSync(file, 'utf8').split('\n')
    const hits = lines.flatMap((line, i) => (SQL_CALL.test(line) ? [i + 1] : []))
    if (hits.length === 0) continue
    problems.push(`${rel}:${hits.join(',')}: SQL outside ${DATA_LAYER}; move it into a function there`)
  }
  return problems
}

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/
const DB_DIR = path.join(SOURCE, 'db') + path.sep
const inDataLayer = (fileName: string) => path.resolve(fileName).startsWith(DB_DIR)

/**
 * snake_case names leaving functions/src/db/. The check asks the TypeScript checker, not a text search, because
 * a grep is both too weak and too strong here: a row type can reach callers as an alias, a Pick<>, an
 * intersection or a function's inferred return type that never spells the column name in the caller's file, and
 * snake_case names that are not ours (WeChat's `session_key`, KIND_INFO.relative_due) must stay allowed. So:
 * 1. every type exported by a db/ module, and every parameter and (awaited) return type of an exported db/
 *    function, is walked property by property (into arrays, unions and nested objects declared in our code);
 *    a snake_case property name is a problem wherever the type was written;
 * 2. outside db/, every property read (`x.a_b`, `x['a_b']`, `{ a_b } = x`) that the checker resolves to a
 *    property declared in db/ is a problem — the belt to 1's braces, should a db/ type be declared unexported.
 * What it cannot see is a result cast to `any` first; the functions tsconfig is strict and review catches casts.
 * `overlay` replaces or adds files (path relative to the repo) for the check's own test.
 */
export function rowProblems(overlay: Record<string, string> = {}): string[] {
  const configPath = path.join(repoRoot, 'functions', 'tsconfig.json')
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'))
      },
    },
  )
  if (!config) throw new Error(`cannot read ${configPath}`)
  const extra = Object.fromEntries(Object.entries(overlay).map(([rel, text]) => [path.join(repoRoot, rel), text]))
  const host = ts.createCompilerHost(config.options)
  const readFile = host.readFile.bind(host)
  const fileExists = host.fileExists.bind(host)
  host.readFile = (f) => extra[path.resolve(f)] ?? readFile(f)
  host.fileExists = (f) => path.resolve(f) in extra || fileExists(f)
  const rootNames = [...new Set([...config.fileNames.map((f) => path.resolve(f)), ...Object.keys(extra)])]
  const program = ts.createProgram({ rootNames, options: config.options, host })
  const checker = program.getTypeChecker()
  const problems = new Set<string>()
  const where = (node: ts.Node) => {
    const file = node.getSourceFile()
    const { line } = file.getLineAndCharacterOfPosition(node.getStart())
    return `${path.relative(repoRoot, file.fileName).split(path.sep).join('/')}:${line + 1}`
  }
  const ours = (d: ts.Declaration) => path.resolve(d.getSourceFile().fileName).startsWith(SOURCE + path.sep)

  const seen = new Set<ts.Type>()
  const walk = (type: ts.Type, via: string, depth: number): void => {
    if (depth > 4 || seen.has(type)) return
    seen.add(type)
    if (type.isUnionOrIntersection()) {
      for (const t of type.types) walk(t, via, depth)
      return
    }
    const awaited = checker.getAwaitedType(type)
    if (awaited && awaited !== type) {
      walk(awaited, via, depth)
      return
    }
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      for (const t of checker.getTypeArguments(type as ts.TypeReference)) walk(t, via, depth)
      return
    }
    if (!(type.flags & ts.TypeFlags.Object)) return
    for (const prop of checker.getPropertiesOfType(type)) {
      const decl = prop.valueDeclaration ?? prop.declarations?.[0]
      if (!decl || !ours(decl)) continue
      if (SNAKE.test(prop.name)) problems.add(`${where(decl)}: ${via} has snake_case property ${prop.name}`)
      walk(checker.getTypeOfSymbolAtLocation(prop, decl), via, depth + 1)
    }
  }

  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || !path.resolve(file.fileName).startsWith(SOURCE + path.sep)) continue
    if (inDataLayer(file.fileName)) {
      const moduleSymbol = checker.getSymbolAtLocation(file)
      for (const exported of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) {
        const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
        const via = `db export ${exported.name}`
        if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias))
          walk(checker.getDeclaredTypeOfSymbol(symbol), via, 0)
        const decl = symbol.valueDeclaration
        if (!decl) continue
        for (const sig of checker.getTypeOfSymbolAtLocation(symbol, decl).getCallSignatures()) {
          walk(sig.getReturnType(), `${via}()`, 0)
          for (const param of sig.getParameters())
            walk(checker.getTypeOfSymbolAtLocation(param, decl), `${via}(${param.name})`, 0)
        }
      }
      continue
    }
    const visit = (node: ts.Node): void => {
      let name: ts.Node | undefined
      if (ts.isPropertyAccessExpression(node)) name = node.name
      else if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression))
        name = node.argumentExpression
      else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent))
        name = node.propertyName ?? node.name
      const text = name && (ts.isIdentifier(name) || ts.isStringLiteralLike(name)) ? name.text : undefined
      if (name && text && SNAKE.test(text)) {
        // A destructured name resolves to the local variable: look the property up on what is destructured,
        // in each member of a union (`row ?? fallback`).
        let decls: readonly ts.Declaration[] = checker.getSymbolAtLocation(name)?.declarations ?? []
        if (ts.isBindingElement(node)) {
          const parentType = checker.getTypeAtLocation(node.parent)
          decls = (parentType.isUnion() ? parentType.types : [parentType]).flatMap(
            (t) => checker.getPropertyOfType(t, text)?.declarations ?? [],
          )
        }
        if (decls.some((d) => inDataLayer(d.getSourceFile().fileName)))
          problems.add(`${where(name)}: reads ${text}, a snake_case property of a db/ result; use its camelCase name`)
      }
      ts.forEachChild(node, visit)
    }
    visit(file)
  }
  return [...problems].sort()
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = [...layerProblems(), ...rowProblems()]
  for (const p of problems) console.error(p)
  console.log(
    problems.length === 0
      ? `layers: SQL only in ${DATA_LAYER}, and it answers in camelCase`
      : `layers: ${problems.length} problem(s)`,
  )
  process.exit(problems.length === 0 ? 0 : 1)
}
