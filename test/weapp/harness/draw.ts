import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { tabPages } from './dist'
import { SCREEN_HEIGHT, SCREEN_WIDTH } from './compiler'
import type { WeappPage } from './app'
import type { WxElement, WxNode } from './view'

/**
 * A drawing of a page as WeChat shows it: WeChat's element tree (from the compiled templates) as custom
 * elements (`<wx-view>`, `<wx-text>`…), the CSS wcsc made of app.wxss and the page's WXSS (rpx already in px
 * for a 375 pt screen), WeChat's own base styles for its components, and the native frame around the webview
 * (navigation bar with the capsule, tab bar). Opened in Chromium it gives a screenshot to compare with H5.
 *
 * Add the class `full-page` to <html> for a whole-page screenshot: the bars then sit at the page's top and end.
 *
 * What is not drawn: canvas content (the harness has no canvas; the area is outlined), native pickers and
 * keyboards, and animations.
 */

/** Status bar plus navigation bar on a 375×667 iPhone; WeChat draws both natively above the webview. */
const STATUS_BAR = 20
const NAV_BAR = 44
const TAB_BAR = 50

/**
 * WeChat's default styles for the components these pages use, as its base library applies them without
 * `"style": "v2"` in app.json (this app has none): the old-style button with its scaled hairline border, a
 * 300×150 canvas, a 1.4rem single-line input, the green switch.
 */
export const WECHAT_BASE_CSS = `
html { -webkit-text-size-adjust: none; }
body { margin: 0; font-family: -apple-system, "PingFang SC", "Helvetica Neue", sans-serif; font-size: 16px; }
wx-view, wx-picker, wx-scroll-view, wx-swiper, wx-navigator, wx-form, wx-label { display: block; }
wx-scroll-view { overflow: auto; }
wx-text { display: inline; white-space: pre-line; -webkit-user-select: none; user-select: none; }
wx-text[space] { white-space: pre-wrap; }
[hidden] { display: none !important; }
wx-button {
  position: relative; display: block; margin-left: auto; margin-right: auto; padding-left: 14px; padding-right: 14px;
  box-sizing: border-box; font-size: 18px; text-align: center; text-decoration: none; line-height: 2.55555556;
  border-radius: 5px; overflow: hidden; color: #000; background-color: #f8f8f8; cursor: pointer;
}
wx-button::after {
  content: " "; width: 200%; height: 200%; position: absolute; top: 0; left: 0; border: 1px solid rgba(0, 0, 0, .2);
  transform: scale(.5); transform-origin: 0 0; box-sizing: border-box; border-radius: 10px;
}
wx-button[type=primary] { color: #fff; background-color: #1aad19; }
wx-button[type=warn] { color: #fff; background-color: #e64340; }
wx-button[size=mini] { display: inline-block; line-height: 2.3; font-size: 13px; padding: 0 1.34em; }
wx-button[plain] { color: #353535; border: 1px solid #353535; background-color: transparent; }
wx-button[disabled] { color: rgba(0, 0, 0, .3); background-color: #f7f7f7; }
wx-button[disabled][type=primary] { color: rgba(255, 255, 255, .6); background-color: #9ed99d; }
wx-input {
  display: block; cursor: auto; height: 1.4rem; min-height: 1.4rem; overflow: hidden; text-overflow: clip;
  white-space: nowrap;
}
wx-input > .wx-input-placeholder { color: gray; }
wx-textarea { display: block; width: 300px; height: 150px; position: relative; }
wx-canvas {
  display: block; position: relative; width: 300px; height: 150px; outline: 1px dashed #b8c2bd; outline-offset: -1px;
}
wx-image { display: inline-block; overflow: hidden; width: 320px; height: 240px; }
wx-image > img { width: 100%; height: 100%; object-fit: fill; }
wx-image[mode=aspectFit] > img { object-fit: contain; }
wx-image[mode=aspectFill] > img { object-fit: cover; }
wx-switch { display: inline-block; vertical-align: middle; }
wx-switch > .wx-switch-input {
  position: relative; width: 52px; height: 32px; margin-right: 5px; border: 1px solid #dfdfdf; border-radius: 16px;
  box-sizing: border-box; background-color: #dfdfdf;
}
wx-switch > .wx-switch-input::before {
  content: " "; position: absolute; top: 0; left: 0; width: 50px; height: 30px; border-radius: 15px;
  background-color: #fdfdfd;
}
wx-switch > .wx-switch-input::after {
  content: " "; position: absolute; top: 0; left: 0; width: 30px; height: 30px; border-radius: 15px;
  background-color: #fff; box-shadow: 0 1px 3px rgba(0, 0, 0, .4);
}
wx-switch > .wx-switch-input-checked::before { transform: scale(0); }
wx-switch > .wx-switch-input-checked::after { transform: translateX(20px); }
/* the client's checkbox: a 22px box, a green tick when checked */
wx-checkbox { display: inline-block; vertical-align: middle; }
wx-checkbox > .wx-checkbox-input {
  width: 22px; height: 22px; border: 1px solid #d1d1d1; border-radius: 3px; box-sizing: border-box;
  background: #fff; color: #09bb07; font-size: 20px; line-height: 20px; text-align: center;
}
wx-progress { display: flex; align-items: center; }
wx-progress > .wx-progress-bar { flex: 1; height: 6px; background: #ebebeb; }
wx-progress > .wx-progress-bar > div { height: 100%; background: #09bb07; }
`

/** The native frame, drawn outside the webview's body so page styles cannot reach it. */
const FRAME_CSS = `
html { position: relative; min-height: 100%; box-sizing: border-box; padding-top: ${STATUS_BAR + NAV_BAR}px; }
html.full-page #wx-navigation-bar, html.full-page #wx-tab-bar { position: absolute; }
html.has-tabbar { padding-bottom: ${TAB_BAR}px; }
#wx-navigation-bar {
  position: fixed; z-index: 10; top: 0; left: 0; right: 0; height: ${STATUS_BAR + NAV_BAR}px; box-sizing: border-box;
  padding-top: ${STATUS_BAR}px; font: 500 17px -apple-system, "PingFang SC", sans-serif;
}
#wx-navigation-bar .title {
  height: ${NAV_BAR}px; line-height: ${NAV_BAR}px; text-align: center; padding: 0 100px; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis;
}
#wx-navigation-bar .back {
  position: absolute; left: 12px; top: ${STATUS_BAR}px; line-height: ${NAV_BAR}px; font-size: 28px;
}
#wx-navigation-bar .home { font-size: 22px; }
#wx-navigation-bar .capsule {
  position: absolute; right: 7px; top: ${STATUS_BAR + 6}px; width: 87px; height: 32px; box-sizing: border-box;
  border-radius: 16px; border: 0.5px solid rgba(255, 255, 255, .25); background: rgba(0, 0, 0, .15);
}
#wx-navigation-bar .capsule::before {
  content: "•••"; position: absolute; left: 12px; top: 6px; font-size: 13px; letter-spacing: 1px;
}
#wx-navigation-bar .capsule::after {
  content: ""; position: absolute; right: 13px; top: 8px; width: 12px; height: 12px; border-radius: 50%;
  border: 2.5px solid currentColor; box-sizing: border-box;
}
#wx-tab-bar {
  position: fixed; z-index: 10; left: 0; right: 0; bottom: 0; height: ${TAB_BAR}px; display: flex;
  border-top: 0.5px solid rgba(0, 0, 0, .33); font: 10px -apple-system, "PingFang SC", sans-serif;
}
#wx-tab-bar .item { flex: 1; text-align: center; padding-top: 5px; }
#wx-tab-bar img { display: block; width: 24px; height: 24px; margin: 0 auto 3px; }
`

interface WindowConfig {
  navigationBarBackgroundColor?: string
  navigationBarTextStyle?: string
  navigationBarTitleText?: string
  backgroundColor?: string
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** rpx in an inline style, as WeChat's view layer converts it at run time (750rpx = screen width). */
export function rpxToPx(style: string, width = SCREEN_WIDTH): string {
  return style.replace(/(-?\d*\.?\d+)rpx/g, (_, n: string) => {
    const value = Number(n)
    if (value === 0) return '0'
    const px = Math.floor((value / 750) * width + 1e-4)
    return `${px === 0 ? 0.5 : px}px`
  })
}

/** Attributes that WeChat reflects on its components, which base styles select on. */
const REFLECTED = new Set(['type', 'size', 'plain', 'disabled', 'loading', 'mode', 'space', 'hidden'])

function attrsHtml(el: WxElement, width: number): string {
  const out: string[] = []
  for (const [name, value] of Object.entries(el.attr)) {
    if (value === undefined || value === null || value === false || value === '') continue
    if (name === 'class' || name === 'id') out.push(`${name}="${escapeHtml(String(value))}"`)
    else if (name === 'style') out.push(`style="${escapeHtml(rpxToPx(String(value), width))}"`)
    else if (name === 'data-sid') out.push(`data-sid="${escapeHtml(String(value))}"`)
    else if (REFLECTED.has(name)) out.push(value === true ? name : `${name}="${escapeHtml(String(value))}"`)
  }
  return out.length ? ` ${out.join(' ')}` : ''
}

function nodeHtml(node: WxNode, ctx: DrawContext): string {
  if (typeof node === 'string') return escapeHtml(node)
  const tag = node.tag
  const inner = node.children.map((c) => nodeHtml(c, ctx)).join('')
  const open = `<${tag}${attrsHtml(node, ctx.width)}>`
  switch (tag) {
    case 'wx-input': {
      const value = node.attr.value === undefined || node.attr.value === null ? '' : String(node.attr.value)
      const shown = node.attr.password === true ? '•'.repeat(value.length) : value
      const placeholderStyle =
        typeof node.attr.placeholderStyle === 'string'
          ? ` style="${escapeHtml(rpxToPx(node.attr.placeholderStyle, ctx.width))}"`
          : ''
      const placeholder =
        `<div class="wx-input-placeholder"${placeholderStyle}>` +
        `${escapeHtml(String(node.attr.placeholder ?? ''))}</div>`
      return `${open}${shown ? escapeHtml(shown) : placeholder}</${tag}>`
    }
    case 'wx-switch': {
      const checked = node.attr.checked === true
      const color = String(node.attr.color ?? '#04BE02')
      const style = checked ? ` style="background-color:${escapeHtml(color)};border-color:${escapeHtml(color)}"` : ''
      return `${open}<div class="wx-switch-input${checked ? ' wx-switch-input-checked' : ''}"${style}></div></${tag}>`
    }
    case 'wx-checkbox': {
      const tick = node.attr.checked === true ? '✓' : ''
      return `${open}<div class="wx-checkbox-input">${tick}</div>${inner}</${tag}>`
    }
    case 'wx-image': {
      const src = String(node.attr.src ?? '')
      return `${open}${src ? `<img src="${escapeHtml(ctx.asset(src))}" alt="">` : ''}</${tag}>`
    }
    case 'wx-progress': {
      const percent = Math.max(0, Math.min(100, Number(node.attr.percent ?? 0)))
      return `${open}<div class="wx-progress-bar"><div style="width:${percent}%"></div></div></${tag}>`
    }
    default:
      return `${open}${inner}</${tag}>`
  }
}

interface DrawContext {
  width: number
  asset: (src: string) => string
}

/** An asset of the build as a data: URL, so the drawing needs no server and no file access. */
function assetUrl(distDir: string, fromRoute: string, src: string): string {
  if (/^(data:|https?:)/.test(src)) return src
  const rel = src.startsWith('/') ? src.slice(1) : path.posix.join(path.posix.dirname(fromRoute), src)
  const file = path.join(distDir, rel)
  if (!existsSync(file)) return ''
  const ext = path.extname(file).slice(1).toLowerCase()
  const type = ext === 'svg' ? 'image/svg+xml' : ext === 'jpg' ? 'image/jpeg' : `image/${ext}`
  return `data:${type};base64,${readFileSync(file).toString('base64')}`
}

export interface Drawing {
  html: string
  /** Elements in WeChat's tree for the page (the page root included). */
  elements: number
}

/** The HTML of `page` as WeChat would draw it now. Throws when WeChat's compilers are not available. */
export function drawPage(page: WeappPage, width = SCREEN_WIDTH): Drawing {
  const app = page.app
  if (!app.compiled)
    throw new Error("weapp harness: drawing needs WeChat's compilers (miniprogram-compiler), not available here")
  const render = page.wxml()
  if (!render) throw new Error(`weapp harness: ${page.route} has not rendered yet`)
  const appJson = app.appJson as typeof app.appJson & { window?: WindowConfig }
  const pageJson =
    (JSON.parse(readFileSync(path.join(app.distDir, `${page.route}.json`), 'utf8')) as WindowConfig) ?? {}
  const window = { ...(appJson.window ?? {}), ...pageJson }
  const css = [app.compiled.wxss.css.get('app.wxss') ?? '', app.compiled.wxss.css.get(`${page.route}.wxss`) ?? ''].join(
    '\n',
  )
  const ctx: DrawContext = { width, asset: (src) => assetUrl(app.distDir, page.route, src) }
  const body = render.root.children.map((c) => nodeHtml(c, ctx)).join('')

  const navColor = window.navigationBarTextStyle === 'white' ? '#fff' : '#000'
  const isTab = tabPages(app.appJson).includes(page.route)
  const isFirst = app.pages[0] === page
  const navBackground = escapeHtml(window.navigationBarBackgroundColor ?? '#000')
  const nav = `<div id="wx-navigation-bar" style="background:${navBackground};color:${navColor}">${
    // WeChat offers a home button instead of the back arrow on a first page that is not a tab.
    isTab ? '' : isFirst ? '<div class="back home">⌂</div>' : '<div class="back">‹</div>'
  }<div class="title">${escapeHtml(window.navigationBarTitleText ?? '')}</div><div class="capsule"></div></div>`
  const tabBar = appJson.tabBar as
    | (typeof appJson.tabBar & { color?: string; selectedColor?: string; backgroundColor?: string })
    | undefined
  const tabs =
    isTab && tabBar
      ? `<div id="wx-tab-bar" style="background:${escapeHtml(tabBar.backgroundColor ?? '#fff')}">${tabBar.list
          .map((t) => {
            const on = t.pagePath === page.route
            const icon = on ? (t.selectedIconPath ?? t.iconPath) : t.iconPath
            const img = icon ? `<img src="${escapeHtml(assetUrl(app.distDir, '', icon))}" alt="">` : ''
            const color = escapeHtml((on ? tabBar.selectedColor : tabBar.color) ?? '#000')
            return `<div class="item" style="color:${color}">${img}${escapeHtml(t.text)}</div>`
          })
          .join('')}</div>`
      : ''
  const html = `<!doctype html>
<html lang="zh-CN"${isTab ? ' class="has-tabbar"' : ''}><head><meta charset="utf-8">
<meta name="viewport" content="width=${width}">
<style>${WECHAT_BASE_CSS}</style>
<style>${FRAME_CSS}</style>
<style>${css}</style>
</head><body>${body}${nav}${tabs}</body></html>`
  let elements = 0
  const count = (n: WxNode) => {
    if (typeof n === 'string') return
    elements++
    n.children.forEach(count)
  }
  count(render.root)
  return { html, elements }
}

export const SCREEN = { width: SCREEN_WIDTH, height: SCREEN_HEIGHT }

/**
 * Class names that style an element by themselves in `css`: selectors without a combinator (`.text-input`,
 * `.choice.choice-on`), not `.elder .text-input`, which styles the class only inside another. Declarations
 * are skipped, so `url(x.png)` is no class.
 */
export function classesStyledBy(css: string): Set<string> {
  const classes = new Set<string>()
  for (const rule of css.replace(/@media[^{]*\{/g, ' ').matchAll(/([^{}]+)\{[^{}]*\}/g)) {
    for (const selector of (rule[1] as string).split(',')) {
      const s = selector.trim()
      if (!s || /[\s>+~]/.test(s)) continue
      for (const m of s.matchAll(/\.(-?[A-Za-z_][\w-]*)/g)) classes.add(m[1] as string)
    }
  }
  return classes
}

/**
 * Classes `page` uses that its own stylesheets (app.wxss and the page's WXSS) leave unstyled while another
 * page's WXSS styles them. WeChat applies a page's WXSS to that page only; H5 bundles every page's CSS into
 * one sheet, so there the class happens to work and only WeChat shows the element unstyled.
 */
export function stylesFromOtherPages(page: WeappPage): string[] {
  const wxss = page.app.compiled?.wxss.css
  const render = page.wxml()
  if (!wxss || !render) return []
  const own = new Set([
    ...classesStyledBy(wxss.get('app.wxss') ?? ''),
    ...classesStyledBy(wxss.get(`${page.route}.wxss`) ?? ''),
  ])
  const used = new Set<string>()
  const walk = (n: WxNode) => {
    if (typeof n === 'string') return
    for (const c of String(n.attr.class ?? '').split(/\s+/)) if (c) used.add(c)
    n.children.forEach(walk)
  }
  walk(render.root)
  const found: string[] = []
  for (const cls of used) {
    if (own.has(cls)) continue
    const elsewhere = [...wxss]
      .filter(([file, css]) => file !== 'app.wxss' && file !== `${page.route}.wxss` && classesStyledBy(css).has(cls))
      .map(([file]) => file)
    if (elsewhere.length)
      found.push(`.${cls} is styled only in ${elsewhere.join(', ')}; WeChat does not apply that to ${page.route}`)
  }
  return found
}
