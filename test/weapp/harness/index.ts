export { WeappApp, WeappPage, parseUrl, type LaunchOptions, type Selector } from './app'
export { allPages, distDir, readAppJson, subPackagesOf, tabPages, type AppJson } from './dist'
export { describeNode, type RenderedNode } from './render'
export { FORBIDDEN_GLOBALS, WeappSandbox, type Violation } from './sandbox'
export { launchPerTest } from './per-test'
export { OFFLINE, TIMED_OUT, forwardTo, signedInStorage } from './worker'
export {
  NavigationRefused,
  WxStub,
  type RecordedRequest,
  type RequestHandler,
  type RequestOutcome,
  type WireRequest,
} from './wx'
