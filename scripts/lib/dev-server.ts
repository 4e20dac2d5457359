import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { freePort, repoRoot, run, toolEnv, waitForHttp } from './proc'

export interface DevServer {
  url: string
  child: ChildProcess
  stop(): Promise<void>
}

/** Applies the D1 migrations to a local database kept in `persistTo`, the same way production applies them. */
export async function migrateLocal(persistTo: string, quiet = true): Promise<void> {
  const result = await run('wrangler', ['d1', 'migrations', 'apply', 'canbao', '--local', '--persist-to', persistTo], { quiet })
  if (result.code !== 0) throw new Error(`D1 migrations failed:\n${result.output}`)
}

export async function seedLocal(persistTo: string, quiet = true): Promise<void> {
  const result = await run('wrangler', ['d1', 'execute', 'canbao', '--local', '--persist-to', persistTo, '--file', 'functions/seed/demo.sql', '--yes'], { quiet })
  if (result.code !== 0) throw new Error(`seeding demo data failed:\n${result.output}`)
}

/** Starts `wrangler dev` (local workerd) serving the H5 build and /api from one origin. */
export async function startDevServer(options: { persistTo: string; port?: number; quiet?: boolean }): Promise<DevServer> {
  const port = options.port ?? (await freePort())
  const child = spawn(
    'wrangler',
    ['dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', options.persistTo, '--show-interactive-dev-session=false', '--live-reload=false'],
    { cwd: repoRoot, env: toolEnv(), stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', options.quiet ? 'ignore' : 'inherit'], detached: true },
  )
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode !== null) return
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    try {
      // wrangler starts workerd as its own child: end the whole process group.
      process.kill(-(child.pid as number), 'SIGTERM')
    } catch {
      child.kill('SIGTERM')
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
  }
  try {
    await waitForHttp(`${url}/api/health`, 90_000, child)
  } catch (err) {
    await stop()
    throw err
  }
  return { url, child, stop }
}

export const localStateDir = path.join(repoRoot, '.wrangler', 'state')
