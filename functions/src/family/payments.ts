// Paying a relative's contribution from the payer's personal account: hold (D1), transfer (platform), settle
// (D1). An outcome the platform did not confirm is never retried as a new charge: the payment stays pending
// and reconciliation asks the platform what happened, closing transfers it never received.

import type { Env } from '../env'
import {
  deferCheck,
  duePendingPayments,
  finishFailed,
  finishSucceeded,
  getAccount,
  getBinding,
  getPayment,
  type PaymentRow,
} from '../db/family'
import { isoNow, nowMs } from '../lib/clock'
import { aesKey, decryptText } from '../lib/crypto'
import { backoffMs } from '../lib/backoff'
import { describeError, log } from '../lib/log'
import { platformFromEnv, platformTimeoutMs, type PlatformApi, type TransferStatus } from '../platform/index'

/** A fresh payment is left to its own request this long before reconciliation may look at it. */
export const RECONCILE_GRACE_MS = 2 * 60 * 1000
const MAX_BACKOFF_MS = 60 * 60 * 1000

const failureZh = (code: string): string =>
  ({
    INSUFFICIENT_BALANCE: '医保平台显示个人账户余额不足，钱已退回您的账户。',
    PAYEE_ALREADY_PAID: '医保平台显示这位亲属该年度已经缴费，钱已退回您的账户。',
    ACCOUNT_FROZEN: '医保平台显示您的个人账户暂不能使用，钱已退回您的账户。',
    ACCOUNT_NOT_FOUND: '医保平台没有找到您的个人账户，钱已退回您的账户。',
    TRANSFER_CLOSED: '医保平台没有收到这笔扣款，已关闭并把钱退回您的账户。',
  })[code] ?? '医保平台没有接受这笔缴费，钱已退回您的账户。'

/** How long reconciliation waits before asking the platform again: 1 minute, 2, 4 … at most an hour. */
export const checkBackoffMs = (attempts: number): number =>
  backoffMs(attempts, { baseMs: 60_000, capMs: MAX_BACKOFF_MS })

/** Calls the platform for a payment that was just held and settles what it can. */
export async function executePayment(
  env: Env,
  payment: PaymentRow,
  platform: PlatformApi = platformFromEnv(env),
): Promise<void> {
  const binding = await getBinding(env.DB, payment.bindingId)
  if (!binding) throw new Error('payment without binding')
  const idNumber = await decryptText(await aesKey(env.ID_ENC_KEY), binding.relativeIdEnc, 'resident-id')
  const account = await getAccount(env.DB, payment.payerUserId)
  if (!account) throw new Error('payment without account')
  const outcome = await platform.transfer({
    outTradeNo: payment.id,
    payerAccountNo: account.accountNo,
    payeeIdNumber: idNumber,
    payeeName: binding.relativeName,
    year: payment.year,
    item: payment.item,
    amountFen: payment.amountFen,
  })
  const now = isoNow()
  if (outcome.kind === 'succeeded') {
    await finishSucceeded(env.DB, payment.id, outcome.transferNo, outcome.completedAt, now)
  } else if (outcome.kind === 'failed') {
    log.warn('family_payment_failed', { payment: payment.id, code: outcome.code })
    await finishFailed(env.DB, payment.id, failureZh(outcome.code), now)
  } else {
    log.warn('family_payment_unknown', { payment: payment.id, reason: outcome.reason })
    await deferCheck(env.DB, payment.id, new Date(nowMs() + RECONCILE_GRACE_MS).toISOString(), now)
  }
}

/**
 * A retried request (same Idempotency-Key) while the first is still talking to the platform waits for it,
 * so every response to one key tells the same thing.
 */
export async function settledOrInFlight(env: Env, payment: PaymentRow): Promise<PaymentRow> {
  const deadline = Date.parse(payment.createdAt) + platformTimeoutMs(env) + 5_000
  let current = payment
  let pause = 50
  while (current.status === 'pending' && current.checkAttempts === 0 && nowMs() < deadline) {
    await new Promise((r) => setTimeout(r, pause))
    pause = Math.min(pause * 2, 500)
    current = (await getPayment(env.DB, payment.id)) ?? current
  }
  return current
}

async function settleFromStatus(
  env: Env,
  payment: PaymentRow,
  status: TransferStatus,
  platform: PlatformApi,
): Promise<'succeeded' | 'failed' | 'pending'> {
  let s = status
  // Never seen by the platform: close it there, so it cannot execute later, then give the money back.
  if (s.kind === 'not-found') s = await platform.cancelTransfer(payment.id)
  const now = isoNow()
  if (s.kind === 'succeeded') {
    await finishSucceeded(env.DB, payment.id, s.transferNo, s.completedAt, now)
    return 'succeeded'
  }
  if (s.kind === 'failed') {
    await finishFailed(env.DB, payment.id, failureZh(s.code), now)
    return 'failed'
  }
  await deferCheck(env.DB, payment.id, new Date(nowMs() + checkBackoffMs(payment.checkAttempts)).toISOString(), now)
  return 'pending'
}

export interface ReconcileReport {
  checked: number
  succeeded: number
  failed: number
  stillPending: number
}

/** The cron's work: every pending payment whose check is due, asked about at the platform. */
export async function reconcilePayments(
  env: Env,
  options: { now?: string; limit?: number; platform?: PlatformApi } = {},
): Promise<ReconcileReport> {
  const platform = options.platform ?? platformFromEnv(env)
  const report: ReconcileReport = { checked: 0, succeeded: 0, failed: 0, stillPending: 0 }
  const due = await duePendingPayments(env.DB, options.now ?? isoNow(), options.limit ?? 500)
  for (const payment of due) {
    report.checked += 1
    try {
      const result = await settleFromStatus(env, payment, await platform.getTransfer(payment.id), platform)
      if (result === 'succeeded') report.succeeded += 1
      else if (result === 'failed') report.failed += 1
      else report.stillPending += 1
    } catch (err) {
      report.stillPending += 1
      log.error('family_reconcile_failed', { payment: payment.id, error: describeError(err) })
    }
  }
  if (report.checked > 0) log.info('family_reconciled', { ...report })
  return report
}
