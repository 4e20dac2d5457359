import { useCallback, useRef, useState } from 'react'

/**
 * One tap that asks the server (save, export, confirm…), the counterpart of `Phase` for loading (issue 18).
 * What the user sees follows from the phase alone: while `busy` the buttons of the card are disabled and
 * the tapped one spins; afterwards one line says what happened, green or red. `which` tells apart the
 * actions of one card (导出 and 注销 share none of their text).
 */
export type ActionState<K extends string = string> =
  | { phase: 'idle' }
  | { phase: 'busy'; which: K }
  | { phase: 'done'; which: K; message: string }
  | { phase: 'failed'; which: K; message: string }

/** What an action's work answers: the line to show. */
export type ActionOutcome = { ok: true; message: string } | { ok: false; message: string }

export const idleAction: ActionState<never> = { phase: 'idle' }

/** The state after the work answered. */
export const settledAction = <K extends string>(which: K, outcome: ActionOutcome): ActionState<K> =>
  outcome.ok ? { phase: 'done', which, message: outcome.message } : { phase: 'failed', which, message: outcome.message }

/**
 * Props of a button of the card. Taro's H5 button shows as disabled whenever `disabled` is present, even
 * false: it is passed only while something is under way.
 */
export function actionButton<K extends string>(
  state: ActionState<K>,
  which: K,
): { disabled?: true; loading?: boolean } {
  if (state.phase !== 'busy') return {}
  return { disabled: true, loading: state.which === which }
}

/** The line under the buttons, if any. */
export function actionMessage(state: ActionState): { text: string; error: boolean } | null {
  if (state.phase === 'done') return { text: state.message, error: false }
  if (state.phase === 'failed') return { text: state.message, error: true }
  return null
}

/**
 * Runs one action at a time; a tap while another is under way does nothing. `afterConfirm`: the work first
 * asks the user (a confirmation dialog) and calls `started` once they agreed, so the button does not spin
 * behind an open dialog as if the deletion were already running.
 */
export function useAction<K extends string>() {
  const [state, setState] = useState<ActionState<K>>(idleAction)
  // A ref, not the state: two taps in one frame both see the state of before the first.
  const busy = useRef(false)
  const run = useCallback(
    async (
      which: K,
      work: (started: () => void) => Promise<ActionOutcome | null>,
      options: { afterConfirm?: boolean } = {},
    ) => {
      if (busy.current) return
      busy.current = true
      const started = () => setState({ phase: 'busy', which })
      if (!options.afterConfirm) started()
      const outcome = await work(started)
      busy.current = false
      // null: nothing was done (e.g. the user cancelled a confirmation), so nothing is said.
      setState(outcome ? settledAction(which, outcome) : idleAction)
    },
    [],
  )
  const reset = useCallback(() => setState(idleAction), [])
  return { state, run, reset }
}
