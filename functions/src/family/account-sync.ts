// The employee personal account also moves outside Canbao: the employer's monthly credit comes in, pharmacy
// purchases go out. Canbao's copy is compared with the platform when it is older than a few minutes, so the
// payer decides on a current balance; a failed comparison keeps the stored one, whose age the page shows.

import type { Env } from '../env'
import { getAccount, syncAccount, type AccountRow } from '../db/family'
import { isoNow } from '../lib/clock'
import { describeError, log } from '../lib/log'
import { platformFromEnv, type PlatformApi } from '../platform/index'

export const ACCOUNT_RESYNC_AFTER_MS = 10 * 60 * 1000

export const accountIsStale = (account: Pick<AccountRow, 'syncedAt'>, nowMs: number): boolean =>
  nowMs - Date.parse(account.syncedAt) >= ACCOUNT_RESYNC_AFTER_MS

export async function resyncAccount(
  env: Env,
  account: AccountRow,
  idNumber: string,
  platform: PlatformApi = platformFromEnv(env),
): Promise<AccountRow> {
  let found: Awaited<ReturnType<PlatformApi['lookupAccount']>>
  try {
    found = await platform.lookupAccount(idNumber)
  } catch (err) {
    log.warn('family_account_sync_unavailable', { error: describeError(err) })
    return account
  }
  // A closed or renumbered account needs a person to look at it; payments from it fail at the platform anyway.
  if (!found || found.accountNo !== account.accountNo) {
    log.warn('family_account_sync_mismatch', { found: found !== null })
    return account
  }
  const result = await syncAccount(env.DB, account.payerUserId, account.balanceFen, found.balanceFen, isoNow())
  if (result === 'synced') log.info('family_account_synced', { changeFen: found.balanceFen - account.balanceFen })
  return (await getAccount(env.DB, account.payerUserId)) ?? account
}
