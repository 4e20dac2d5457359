import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'

const root = fileURLToPath(new URL('.', import.meta.url))
const sharedAlias = [
  { find: /^@canbao\/shared$/, replacement: `${root}shared/index.ts` },
  { find: /^@canbao\/shared\/(.*)$/, replacement: `${root}shared/$1` },
]

// wrangler refuses a config whose assets folder is missing; API tests must not depend on a prior H5 build.
mkdirSync(`${root}miniapp/dist-h5`, { recursive: true })

export default defineConfig({
  resolve: { alias: sharedAlias },
  test: {
    projects: [
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
              bindings: { TEST_MIGRATIONS: await readD1Migrations(`${root}functions/migrations`) },
            },
          })),
        ],
        test: {
          name: 'functions',
          include: ['test/functions/**/*.test.ts'],
          setupFiles: ['test/functions/setup.ts'],
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
    ],
  },
})
