import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { LoginResponse } from '@canbao/shared/api/auth'
import { readStored, removeStored, writeStored } from './storage'

const SESSION_KEY = 'canbao.session'
const SESSION_EVENT = 'canbao:session'

export type Session = LoginResponse

/** The stored sign-in, if it has not expired; an expired one is dropped so pages show the sign-in prompt. */
export function currentSession(nowMs: number = Date.now()): Session | undefined {
  const session = readStored<Session>(SESSION_KEY)
  if (!session?.token) return undefined
  if (Date.parse(session.expiresAt) <= nowMs) {
    removeStored(SESSION_KEY)
    return undefined
  }
  return session
}

export function saveSession(session: Session): void {
  writeStored(SESSION_KEY, session)
  Taro.eventCenter.trigger(SESSION_EVENT, session)
}

export function updateSessionUser(user: Session['user']): void {
  const session = currentSession()
  if (session) saveSession({ ...session, user })
}

export function clearSession(): void {
  removeStored(SESSION_KEY)
  Taro.eventCenter.trigger(SESSION_EVENT, undefined)
}

export function useSession(): Session | undefined {
  const [session, setSession] = useState(currentSession)
  useEffect(() => {
    const listener = (value: Session | undefined) => setSession(value)
    Taro.eventCenter.on(SESSION_EVENT, listener)
    return () => {
      Taro.eventCenter.off(SESSION_EVENT, listener)
    }
  }, [])
  return session
}
