import { DEV_TEMPLATE_IDS, REMINDER_KINDS, type ReminderKind } from '@canbao/shared/reminders/kinds'
import type { Env } from '../env'
import { isRealWeChat } from '../lib/config'
import { log } from '../lib/log'
import { backoffMs } from '../lib/backoff'

/**
 * WeChat template ids of this mini-program (chosen in the WeChat admin console), from REMINDER_TEMPLATE_IDS
 * (JSON `{ "deadline": "…", … }`). Local runs and tests use the dev ids; a real deployment without one
 * offers no reminder rather than a wrong template.
 */
export function templateIds(env: Env): Partial<Record<ReminderKind, string>> {
  let configured: Record<string, unknown> = {}
  if (env.REMINDER_TEMPLATE_IDS) {
    try {
      const parsed: unknown = JSON.parse(env.REMINDER_TEMPLATE_IDS)
      if (typeof parsed === 'object' && parsed !== null) configured = parsed as Record<string, unknown>
    } catch {
      log.error('config_bad_template_ids', {})
    }
  }
  const ids: Partial<Record<ReminderKind, string>> = {}
  for (const kind of REMINDER_KINDS) {
    const id = configured[kind]
    if (typeof id === 'string' && id !== '') ids[kind] = id
    else if (!isRealWeChat(env)) ids[kind] = DEV_TEMPLATE_IDS[kind]
  }
  return ids
}

export function kindOfTemplate(env: Env, templateId: string): ReminderKind | null {
  const ids = templateIds(env)
  return REMINDER_KINDS.find((k) => ids[k] === templateId) ?? null
}

/** Final after this many attempts: the delivery counts as failed and its allowance goes back. */
export const MAX_SEND_ATTEMPTS = 10

/** Seconds before attempt n + 1: 10 s, 20 s, 40 s … at most 10 minutes, with jitter so retries spread out. */
export function backoffSeconds(attempts: number, random: () => number = Math.random): number {
  return Math.round(backoffMs(attempts - 1, { baseMs: 10_000, capMs: 600_000, jitter: 0.25, random }) / 1000)
}
