import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const binDir = path.join(repoRoot, 'node_modules', '.bin')

/** Environment for every tool we start: our Node 22 first on PATH, and no telemetry calls to a network we lack. */
export function toolEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}`,
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_LOG: process.env.WRANGLER_LOG ?? 'warn',
    // The Worker never reads request.cf; without this, every local start asks workers.cloudflare.com for a
    // sample one, which fails (with a stack trace) offline or where that host is unreachable.
    CLOUDFLARE_CF_FETCH_ENABLED: process.env.CLOUDFLARE_CF_FETCH_ENABLED ?? 'false',
    ...extra,
  }
}

export interface RunResult {
  code: number
  ms: number
  output: string
}

/** Runs a command to completion; output is streamed (unless quiet) and also captured for parsing. */
export function run(
  command: string,
  args: string[],
  options: SpawnOptions & { quiet?: boolean } = {},
): Promise<RunResult> {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, env: toolEnv(), ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const take = (chunk: Buffer, sink: NodeJS.WriteStream) => {
      output += chunk.toString()
      if (!options.quiet) sink.write(chunk)
    }
    child.stdout?.on('data', (c: Buffer) => take(c, process.stdout))
    child.stderr?.on('data', (c: Buffer) => take(c, process.stderr))
    child.on('error', (err) => resolve({ code: 127, ms: Date.now() - started, output: output + String(err) }))
    child.on('close', (code) => resolve({ code: code ?? 1, ms: Date.now() - started, output }))
  })
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Waits until `url` answers below 500 (and, given `isOurs`, is the server we started). */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  child?: ChildProcess,
  isOurs?: (res: Response) => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError = ''
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`server exited with code ${child.exitCode} before answering ${url}`)
    try {
      const res = await fetch(url)
      if (res.status < 500 && (!isOurs || (await isOurs(res)))) return
      lastError = res.status < 500 ? 'another server answered' : `HTTP ${res.status}`
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms (${lastError})`)
}
