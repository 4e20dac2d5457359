import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { migrateLocal, seedLocal, startDevServer, type DevServer } from '../../scripts/lib/dev-server'
import { repoRoot } from '../../scripts/lib/proc'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    /** the fake WeChat API the server signs in through; POST /__admin/faults injects WeChat errors */
    wechatUrl: string
  }
}

let server: DevServer | undefined
let stateDir: string | undefined

/** One real `wrangler dev` for the whole e2e run, on its own free port and its own fresh D1. */
export async function setup(project: TestProject) {
  if (!existsSync(path.join(repoRoot, 'miniapp/dist-h5/index.html'))) {
    throw new Error('H5 build missing: run `npm run build:h5` (npm test does this for you).')
  }
  stateDir = mkdtempSync(path.join(tmpdir(), 'canbao-e2e-'))
  await migrateLocal(stateDir)
  await seedLocal(stateDir)
  server = await startDevServer({ persistTo: stateDir, quiet: true })
  project.provide('baseUrl', server.url)
  project.provide('wechatUrl', server.wechatUrl)
}

export async function teardown() {
  await server?.stop()
  if (stateDir) rmSync(stateDir, { recursive: true, force: true })
}
