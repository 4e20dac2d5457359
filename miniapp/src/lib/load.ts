import { useCallback, useEffect, useRef, useState } from 'react'
import type { ApiResult, ClientError } from '../api/client'

/**
 * The one way a page loads data (issue 18). What the resident sees follows from the phase alone:
 * - `loading`: asked, no answer yet; `data` is what is already known (a stored copy, or the last answer
 *   while reloading), shown meanwhile instead of a blank card;
 * - `ready`: the answer;
 * - `stale`: the newest ask failed but an older answer is still shown, with the error next to it;
 * - `failed`: nothing to show, only the error and a retry.
 */
export type Phase<T> =
  | { phase: 'loading'; data?: T }
  | { phase: 'ready'; data: T }
  | { phase: 'stale'; data: T; error: ClientError }
  | { phase: 'failed'; error: ClientError }

export const loadingPhase = <T>(data?: T): Phase<T> =>
  data === undefined ? { phase: 'loading' } : { phase: 'loading', data }

/** The phase an answer leads to; `shown` is what was on screen while asking. */
export function settledPhase<T>(result: ApiResult<T>, shown?: T): Phase<T> {
  if (result.ok) return { phase: 'ready', data: result.data }
  if (shown !== undefined) return { phase: 'stale', data: shown, error: result.error }
  return { phase: 'failed', error: result.error }
}

/** What to draw: the data of every phase but `failed`. */
export const shownData = <T>(state: Phase<T>): T | undefined => (state.phase === 'failed' ? undefined : state.data)

/** The error to show next to the data, if the newest ask failed. */
export const phaseError = (state: Phase<unknown>): ClientError | null =>
  state.phase === 'failed' || state.phase === 'stale' ? state.error : null

/**
 * The loading state machine without React, so it can be tested in Node: only the answer of the newest ask
 * counts (a slow answer to an older ask, e.g. of the previous user, never overwrites a newer one).
 */
export function createLoader<T>(options: {
  load: () => Promise<ApiResult<T>>
  /** a stored copy to show before the first answer (and after a reset) */
  initial?: () => T | undefined
  onChange: (state: Phase<T>) => void
}) {
  let state: Phase<T> = loadingPhase(options.initial?.())
  let ticket = 0
  const set = (next: Phase<T>) => {
    state = next
    options.onChange(next)
  }
  return {
    get state() {
      return state
    },
    /** `reset`: forget what is shown (the page now loads something else, e.g. another user's data). */
    async run(reset = false): Promise<void> {
      const mine = ++ticket
      const shown = reset ? options.initial?.() : (shownData(state) ?? options.initial?.())
      set(loadingPhase(shown))
      const result = await options.load()
      if (mine === ticket) set(settledPhase(result, shown))
    },
    /** An answer that came another way (e.g. a change the server answered with the new data). */
    replace(data: T) {
      ticket++
      set({ phase: 'ready', data })
    },
    /** Answers still on their way are dropped (the page went away). */
    cancel() {
      ticket++
    },
  }
}

/**
 * Loads when `enabled` (usually: signed in) and again whenever `key` changes (e.g. the user id).
 * `reload` keeps showing what is there while asking; `replace` shows new data without asking.
 */
export function useLoad<T>(
  load: () => Promise<ApiResult<T>>,
  options: { key?: string | number | null; enabled?: boolean; initial?: () => T | undefined } = {},
) {
  const { key = null, enabled = true } = options
  const latest = useRef({ load, initial: options.initial })
  latest.current = { load, initial: options.initial }
  const [state, setState] = useState<Phase<T>>(() => loadingPhase(options.initial?.()))
  const loaderRef = useRef<ReturnType<typeof createLoader<T>> | null>(null)
  if (!loaderRef.current)
    loaderRef.current = createLoader<T>({
      load: () => latest.current.load(),
      initial: () => latest.current.initial?.(),
      onChange: setState,
    })
  const loader = loaderRef.current

  useEffect(() => {
    if (!enabled) return
    void loader.run(true)
    return () => loader.cancel()
  }, [enabled, key, loader])

  const reload = useCallback(() => loader.run(), [loader])
  const replace = useCallback((data: T) => loader.replace(data), [loader])
  return { state, reload, replace }
}
