// The Cron Triggers in wrangler.toml [triggers]. scheduled() receives the expression that fired and tells the
// two apart by it; test/functions/schedule.test.ts checks that wrangler.toml lists exactly these.

/** 01:00 UTC is 09:00 Beijing time: reminders go out in the morning, never at night. */
export const DAILY_CRON = '0 1 * * *'

/**
 * A payer whose payment's outcome was unknown waits for this trigger to learn it. Every five minutes keeps
 * that wait short; a run with nothing due costs one indexed query.
 */
export const RECONCILE_CRON = '*/5 * * * *'

export const CRONS = [DAILY_CRON, RECONCILE_CRON] as const
