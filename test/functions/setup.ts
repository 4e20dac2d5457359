import { applyD1Migrations } from 'cloudflare:test'
import { env } from 'cloudflare:workers'

// Every test file starts from a database built by the same migrations that production runs.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)

// The Worker runs in this isolate and logs one JSON line per sign-in and import: keep the test output to
// warnings and errors. Tests that inspect logs spy on console and still see every line.
const print = console.log.bind(console)
console.log = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].startsWith('{"level":"info"')) return
  print(...args)
}
