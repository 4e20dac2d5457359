import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { randomBytes } from 'node:crypto'
import { createFakeWeChat } from './functions/fakes/wechat/app'
import { FAKE_WECHAT_APPID, FAKE_WECHAT_SECRET } from './functions/src/lib/dev-keys'
import { createFakePlatform, FAKE_PLATFORM_API_KEY } from './functions/fakes/platform/app'

const root = fileURLToPath(new URL('.', import.meta.url))
const sharedAlias = [
  { find: /^@canbao\/shared$/, replacement: `${root}shared/index.ts` },
  { find: /^@canbao\/shared\/(.*)$/, replacement: `${root}shared/$1` },
]

const fakeWeChat = createFakeWeChat({ appid: FAKE_WECHAT_APPID, secret: FAKE_WECHAT_SECRET })
// The insurance platform's fake (family mutual aid), in Node like the WeChat fake; tests drive its admin API.
const fakePlatform = createFakePlatform({ apiKey: FAKE_PLATFORM_API_KEY })

// wrangler refuses a config whose assets folder is missing; API tests must not depend on a prior H5 build.
mkdirSync(`${root}miniapp/dist-h5`, { recursive: true })

export default defineConfig({
  resolve: { alias: sharedAlias },
  test: {
    projects: [
      {
        resolve: { alias: sharedAlias },
        test: {
          // The mini-program's component logic: pure functions, no Taro runtime needed.
          name: 'miniapp',
          include: ['test/miniapp/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          // The repository's own checks (scripts/check-*.ts), each run against a scratch tree.
          name: 'scripts',
          include: ['test/scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias: sharedAlias },
        test: {
          name: 'shared',
          include: ['test/shared/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias: sharedAlias },
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations(`${root}functions/migrations`),
                // Fresh secrets every run: nothing may depend on a particular key.
                JWT_SECRET: randomBytes(32).toString('base64'),
                ID_ENC_KEY: randomBytes(32).toString('base64'),
                ID_HASH_KEY: randomBytes(32).toString('base64'),
                WECHAT_MODE: 'fake',
                WECHAT_APPID: FAKE_WECHAT_APPID,
                WECHAT_SECRET: FAKE_WECHAT_SECRET,
                PLATFORM_MODE: 'fake',
                // the key the fake below was made with (the deployed Worker knows no fake's key)
                PLATFORM_API_KEY: FAKE_PLATFORM_API_KEY,
                // every request checks the registry's version, so a figure a test writes is seen at once
                REGISTRY_CHECK_MS: '0',
                // long enough for 1,000 requests in flight on 2 cores; the hang tests wait past it
                PLATFORM_TIMEOUT_MS: '8000',
              },
              // The fake WeChat API answers in-process: the Worker's adapter reaches it through this binding.
              serviceBindings: {
                // biome-ignore lint/correctness/noComponentHookFactories: a Miniflare service binding, not a component
                WECHAT_API: (request: Request) => fakeWeChat.fetch(request),
                // biome-ignore lint/correctness/noComponentHookFactories: a Miniflare service binding, not a component
                PLATFORM_API: (request: Request) => fakePlatform.fetch(request),
              },
            },
          })),
        ],
        test: {
          name: 'functions',
          include: ['test/functions/**/*.test.ts'],
          setupFiles: ['test/functions/setup.ts'],
          testTimeout: 60_000,
        },
      },
      {
        resolve: { alias: sharedAlias },
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          // One browser and one server are shared; files run one after another on a 2-core machine.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias: sharedAlias },
        test: {
          // Whole journeys of each kind of person on the H5 build, a screenshot per step (test-results/journeys/).
          name: 'journeys',
          include: ['test/journeys/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias: sharedAlias },
        test: {
          name: 'weapp',
          include: ['test/weapp/**/*.test.ts'],
          environment: 'node',
          // Fails at once without miniapp/dist; starts the one Worker the bundle's wx.request calls reach.
          globalSetup: ['test/weapp/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
})
