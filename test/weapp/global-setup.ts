import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { migrateLocal, seedLocal, startDevServer, type DevServer } from '../../scripts/lib/dev-server'
import { repoRoot } from '../../scripts/lib/proc'

declare module 'vitest' {
  export interface ProvidedContext {
    weappWorkerUrl: string
  }
}

let server: DevServer | undefined
let stateDir: string | undefined

/** The WeChat build must exist (these tests run it), and one real Worker on a fresh D1 answers its requests. */
export async function setup(project: TestProject) {
  const appJson = path.join(repoRoot, 'miniapp/dist/app.json')
  if (!existsSync(appJson)) {
    throw new Error(
      `WeChat build missing: ${appJson} not found. Run \`npm run build:weapp\` first (npm test does this for you).`,
    )
  }
  stateDir = mkdtempSync(path.join(tmpdir(), 'canbao-weapp-'))
  await migrateLocal(stateDir)
  await seedLocal(stateDir)
  server = await startDevServer({ persistTo: stateDir, quiet: true }).catch((err: unknown) => {
    // Under a full machine (e2e starts its own wrangler in the same run) the first start can miss its
    // 90 s window; one more try costs less than a red run that tested nothing.
    console.warn(
      `weapp: wrangler dev did not come up (${err instanceof Error ? err.message : String(err)}); trying once more`,
    )
    return startDevServer({ persistTo: stateDir as string, quiet: true })
  })
  project.provide('weappWorkerUrl', server.url)
}

export async function teardown() {
  await server?.stop()
  if (stateDir) rmSync(stateDir, { recursive: true, force: true })
}
