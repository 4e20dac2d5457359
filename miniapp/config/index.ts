import path from 'node:path'
import { defineConfig } from '@tarojs/cli'
import webpack from 'webpack'
import { BundleReportPlugin } from './bundle-report-plugin'
import { NoDynamicCodePlugin } from './no-dynamic-code-plugin'

const repoRoot = path.resolve(__dirname, '../..')
const sharedDir = path.join(repoRoot, 'shared')
const isH5 = process.env.TARO_ENV === 'h5'

// The H5 build is served by the Worker from the same origin, so it calls /api relatively.
// The WeChat build needs an absolute https origin registered as a request domain (TARO_APP_API_BASE).
const apiBase = isH5 ? '' : process.env.TARO_APP_API_BASE || 'http://127.0.0.1:8787'

export default defineConfig<'webpack5'>(() => ({
  projectName: 'canbao',
  designWidth: 750,
  deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
  sourceRoot: 'src',
  outputRoot: isH5 ? 'dist-h5' : 'dist',
  framework: 'react',
  compiler: 'webpack5',
  cache: { enable: false },
  alias: {
    '@canbao/shared': sharedDir,
  },
  defineConstants: {
    API_BASE: JSON.stringify(apiBase),
  },
  copy: {
    // H5: the security headers of the static files (Workers static assets read dist-h5/_headers), and the root
    // font-size script as a file (the CSP allows no inline script).
    patterns: isH5
      ? [
          { from: 'static-h5/_headers', to: 'dist-h5' },
          { from: 'static-h5/rem.js', to: 'dist-h5/rem.js' },
        ]
      : [{ from: 'project.config.json', to: 'dist/project.config.json' }],
    options: {},
  },
  mini: {
    // shared/ sits outside src/ and must go through the same TypeScript/Babel pipeline.
    compile: { include: [sharedDir] },
    postcss: {
      pxtransform: { enable: true, config: {} },
      cssModules: { enable: false, config: {} },
    },
    webpackChain(chain) {
      // WeChat has no global Headers, which hono/client constructs for every request.
      chain
        .plugin('provide-headers')
        .use(webpack.ProvidePlugin, [{ Headers: [path.join(__dirname, '../src/api/headers.ts'), 'HeadersPolyfill'] }])
      chain.plugin('no-dynamic-code').use(NoDynamicCodePlugin)
      if (process.env.BUNDLE_REPORT) chain.plugin('bundle-report').use(BundleReportPlugin, [process.env.BUNDLE_REPORT])
    },
  },
  h5: {
    compile: { include: [sharedDir] },
    publicPath: '/',
    staticDirectory: 'static',
    router: { mode: 'hash' },
    output: {
      filename: 'js/[name].[contenthash:8].js',
      chunkFilename: 'js/[name].[contenthash:8].js',
    },
    miniCssExtractPluginOption: {
      ignoreOrder: true,
      filename: 'css/[name].[contenthash:8].css',
      chunkFilename: 'css/[name].[contenthash:8].css',
    },
    postcss: {
      autoprefixer: { enable: true, config: {} },
      cssModules: { enable: false, config: {} },
    },
  },
}))
