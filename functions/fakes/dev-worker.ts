/**
 * The local Worker (`npm start`, e2e, journeys, benchmarks): the deployed Worker of functions/src/index.ts with
 * the insurance platform's fake bound in-isolate as PLATFORM_API, so a local run needs no second process for
 * it and the fake keeps its accounts while the isolate lives. The deployed Worker never imports this file or
 * the fake (`npm run build:worker` checks its bundle); the Worker tests bind the fake from Node instead
 * (vitest.config.ts).
 */
import type { ExecutionContext, MessageBatch, ScheduledController } from '@cloudflare/workers-types/index'
import type { Env } from '../src/env'
import worker from '../src/index'
import { createFakePlatform, FAKE_PLATFORM_API_KEY } from './platform/app'
import { isFakeEmployee } from './platform/employees'

/** Tuning of the in-isolate fake, as `--var`s of the local run (scripts/lib/dev-server.ts). */
interface DevBindings {
  PLATFORM_MODE?: string
  PLATFORM_API?: unknown
  /** the balance of an account the fake has not seen (default 2,000 yuan; the family benchmark raises it) */
  PLATFORM_FAKE_DEFAULT_BALANCE_FEN?: string
  /** `everyone` gives every ID number an account (the benchmark); default: employees only (platform/employees.ts) */
  PLATFORM_FAKE_ACCOUNTS?: string
}

let fake: ReturnType<typeof createFakePlatform> | null = null

/** The env with the fake bound, when this run fakes the platform and nothing else is bound to PLATFORM_API. */
function withFakePlatform(env: Env): Env {
  const e = env as Env & DevBindings
  const fakeMode = (e.PLATFORM_MODE ?? (env.WECHAT_MODE === 'fake' ? 'fake' : 'real')) === 'fake'
  if (!fakeMode || e.PLATFORM_API) return env
  if (!fake) {
    const balance = Number(e.PLATFORM_FAKE_DEFAULT_BALANCE_FEN)
    fake = createFakePlatform({
      apiKey: FAKE_PLATFORM_API_KEY,
      ...(Number.isInteger(balance) && balance >= 0 ? { defaultBalanceFen: balance } : {}),
      ...(e.PLATFORM_FAKE_ACCOUNTS === 'everyone' ? {} : { hasAccount: isFakeEmployee }),
    })
  }
  const bound = fake
  const PLATFORM_API = {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => bound.fetch(new Request(input, init)),
  }
  return { ...env, PLATFORM_API, PLATFORM_API_KEY: FAKE_PLATFORM_API_KEY } as unknown as Env
}

export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) =>
    worker.fetch(request as never, withFakePlatform(env), ctx),
  scheduled: (controller: ScheduledController, env: Env, ctx: ExecutionContext) =>
    worker.scheduled(controller, withFakePlatform(env), ctx),
  queue: (batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext) =>
    worker.queue(batch, withFakePlatform(env), ctx),
}
