// The payer's side of family mutual aid (家庭共济): who they are and their personal account.

import type { AccountResponse } from '@canbao/shared/api/family'
import type { Env } from '../env'
import { getAccount, identityOf, ledgerOf, openAccount, type AccountRow } from '../db/family'
import { accountIsStale, resyncAccount } from './account-sync'
import { isoNow, nowMs } from '../lib/clock'
import { aesKey, decryptText } from '../lib/crypto'
import { ApiError } from '../lib/errors'
import { describeError, log } from '../lib/log'
import { platformFromEnv, PlatformUnavailable, type PlatformApi } from '../platform/index'

const LEDGER_SHOWN = 50

/** The caller's own insured-person record: binding or paying for someone starts from it. */
export async function requireIdentity(env: Env, userId: string) {
  const identity = await identityOf(env.DB, userId)
  if (!identity) throw new ApiError('PROFILE_REQUIRED', '请先在“我的”里填写本人的参保人信息（姓名和身份证号）。')
  return identity
}

/**
 * The payer's account, opened from the platform on first use (its balance becomes the opening entry) and
 * compared with the platform again once the last comparison is older than ACCOUNT_RESYNC_AFTER_MS.
 */
export async function ensureAccount(env: Env, userId: string): Promise<AccountRow> {
  const existing = await getAccount(env.DB, userId)
  if (existing && !accountIsStale(existing, nowMs())) return existing
  const identity = await requireIdentity(env, userId)
  if (existing) {
    // Comparing is best effort: the stored balance, with its age, is still an answer.
    const idNumber = await decryptText(await aesKey(env.ID_ENC_KEY), identity.idEnc, 'resident-id').catch(
      (err: unknown) => {
        log.error('family_account_sync_identity_unreadable', { error: describeError(err) })
        return null
      },
    )
    return idNumber === null ? existing : resyncAccount(env, existing, idNumber)
  }
  const idNumber = await decryptText(await aesKey(env.ID_ENC_KEY), identity.idEnc, 'resident-id')
  let found: Awaited<ReturnType<PlatformApi['lookupAccount']>>
  try {
    found = await platformFromEnv(env).lookupAccount(idNumber)
  } catch (err) {
    if (err instanceof PlatformUnavailable)
      throw new ApiError('UPSTREAM_UNAVAILABLE', '医保平台暂时无法连接，请稍后再试。')
    throw err
  }
  if (!found) throw new ApiError('FAMILY_NOT_PAYER')
  await openAccount(env.DB, userId, found.accountNo, found.balanceFen, 'platform', isoNow())
  const opened = await getAccount(env.DB, userId)
  if (!opened) throw new Error('account vanished after open')
  return opened
}

/** The balance and the latest ledger entries; the balance is the sum of the ledger. */
export async function accountOf(env: Env, userId: string): Promise<AccountResponse> {
  const account = await ensureAccount(env, userId)
  const { entries, pendingFen } = await ledgerOf(env.DB, userId, LEDGER_SHOWN)
  return {
    balanceFen: account.balanceFen,
    accountNoMasked: `${account.accountNo.slice(0, 2)}****${account.accountNo.slice(-4)}`,
    syncedAt: account.syncedAt,
    pendingFen,
    ledger: entries.map((e) => ({
      seq: e.seq,
      kind: e.kind,
      amountFen: e.amountFen,
      balanceAfterFen: e.balanceAfterFen,
      paymentId: e.paymentId,
      createdAt: e.createdAt,
    })),
  }
}
