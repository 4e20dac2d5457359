import { afterEach } from 'vitest'
import { WeappApp, type LaunchOptions } from './app'

/**
 * Launches the apps of one test file's tests and closes each after its test, so no page's timers or pending
 * wx calls outlive it. Call once at the file's top: `const launch = launchPerTest()`, then in a test
 * `const app = await launch({ ... })`.
 */
export function launchPerTest(): (options?: LaunchOptions) => Promise<WeappApp> {
  const running: WeappApp[] = []
  afterEach(() => {
    for (const app of running.splice(0)) app.close()
  })
  return async (options) => {
    const app = await WeappApp.launch(options)
    running.push(app)
    return app
  }
}
