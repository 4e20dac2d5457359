import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { readStored, writeStored } from './storage'

const ELDER_MODE_KEY = 'canbao.elderMode'
const ELDER_MODE_EVENT = 'canbao:elder-mode'

export function isElderMode(): boolean {
  return readStored<boolean>(ELDER_MODE_KEY) === true
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
