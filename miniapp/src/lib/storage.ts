import Taro from '@tarojs/taro'

/**
 * Storage that never throws: a full or unavailable store must not break a page, it only loses the
 * convenience (a remembered setting, a cached status).
 */
export function readStored<T>(key: string): T | undefined {
  try {
    const value = Taro.getStorageSync(key) as T | '' | undefined
    return value === '' || value === undefined || value === null ? undefined : (value as T)
  } catch {
    return undefined
  }
}

export function writeStored(key: string, value: unknown): void {
  try {
    Taro.setStorageSync(key, value)
  } catch {
    // Nothing to do: the next write will try again.
  }
}

export function removeStored(key: string): void {
  try {
    Taro.removeStorageSync(key)
  } catch {
    // ignore: see writeStored
  }
}
