import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { elderModeDefault } from './elder-default'
import { readStored, writeStored } from './storage'

const ELDER_MODE_KEY = 'canbao.elderMode'
const ELDER_MODE_EVENT = 'canbao:elder-mode'

/** The resident's own choice once made (on 我的); until then, what WeChat's font size says. */
export function isElderMode(): boolean {
  const chosen = readStored<boolean>(ELDER_MODE_KEY)
  if (chosen !== undefined) return chosen === true
  return elderModeDefault(wechatFontSizePx())
}

/** WeChat's font size setting in px, on weapp only (H5 has no such setting: its browser zoom applies). */
function wechatFontSizePx(): number | undefined {
  if (process.env.TARO_ENV !== 'weapp') return undefined
  try {
    // WeChat documents fontSizeSetting on getAppBaseInfo (its guide for older users); Taro's type omits it.
    const info = Taro.getAppBaseInfo() as { fontSizeSetting?: unknown }
    return typeof info.fontSizeSetting === 'number' ? info.fontSizeSetting : undefined
  } catch {
    // An old base library without getAppBaseInfo: keep the standard size rather than fail the page.
    return undefined
  }
}

/**
 * H5 only: the tab bar, the navigation bar and picker pop-ups are not inside any page's root, so the
 * body carries the mode as well (app.css scales them under `.elder-mode`).
 */
export function markDocument(on: boolean): void {
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') document.body.classList.toggle('elder-mode', on)
}

export function setElderMode(on: boolean): void {
  writeStored(ELDER_MODE_KEY, on)
  markDocument(on)
  Taro.eventCenter.trigger(ELDER_MODE_EVENT, on)
}

/** 大字模式: remembered across launches and applied to every open page at once. */
export function useElderMode(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(isElderMode)
  useEffect(() => {
    const listener = (value: boolean) => setOn(value)
    Taro.eventCenter.on(ELDER_MODE_EVENT, listener)
    return () => {
      Taro.eventCenter.off(ELDER_MODE_EVENT, listener)
    }
  }, [])
  return [on, setElderMode]
}
