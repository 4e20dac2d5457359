import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { ACCOUNT_RESYNC_AFTER_MS, resyncAccount } from '../../functions/src/family/account-sync'
import { getAccount } from '../../functions/src/db/family'
import { PlatformUnavailable, type PlatformApi } from '../../functions/src/platform/index'
import { call, json } from './helpers'
import { childBinding, ledgerState, nextYear, pay, payer, platformAdmin, setStandard } from './family-support'

/** As if the last comparison with the platform happened `ms` ago. */
async function ageAccount(userId: string, ms: number) {
  await env.DB.prepare(`UPDATE family_accounts SET synced_at = ?2 WHERE payer_user_id = ?1`)
    .bind(userId, new Date(Date.now() - ms).toISOString())
    .run()
}

const account = async (token: string) => json(await call('GET', '/api/family/account', { token }))

describe('the personal-account balance follows the platform', () => {
  it('an employer credit made outside Canbao shows up as a sync entry once the stored balance is old', async () => {
    const p = await payer('sync-credit', 200_000)
    expect((await account(p.token)).balanceFen).toBe(200_000)
    await platformAdmin('PUT', 'accounts', { idNumber: p.idNumber, balanceFen: 350_000 })
    // still fresh: no second look at the platform
    expect((await account(p.token)).balanceFen).toBe(200_000)

    await ageAccount(p.userId, ACCOUNT_RESYNC_AFTER_MS + 1000)
    const after = await account(p.token)
    expect(after.balanceFen).toBe(350_000)
    expect(Date.now() - Date.parse(after.syncedAt)).toBeLessThan(60_000)
    expect(after.ledger.map((e: any) => [e.kind, e.amountFen, e.balanceAfterFen])).toEqual([
      ['sync', 150_000, 350_000],
      ['opening', 200_000, 200_000],
    ])
    const state = await ledgerState(p.userId)
    expect(state.sum).toBe(state.balance)

    // the same figure again: nothing new in the ledger, only the time of the comparison
    await ageAccount(p.userId, ACCOUNT_RESYNC_AFTER_MS + 1000)
    expect((await account(p.token)).ledger).toHaveLength(2)
  })

  it('money spent at a pharmacy is known before a payment is attempted', async () => {
    await setStandard('510100', nextYear(), 40_000)
    const p = await payer('sync-spent', 200_000)
    const kid = await childBinding(p.token)
    await account(p.token)
    await platformAdmin('PUT', 'accounts', { idNumber: p.idNumber, balanceFen: 10_000 })
    await ageAccount(p.userId, ACCOUNT_RESYNC_AFTER_MS + 1000)
    const res = await pay(p.token, 'sync-spent-01', { relativeId: kid, year: nextYear() })
    expect(res.status).toBe(409)
    expect((await json(res)).error.code).toBe('FAMILY_BALANCE_TOO_LOW')
    const state = await ledgerState(p.userId)
    expect([state.balance, state.sum]).toEqual([10_000, 10_000])
  })

  it('waits while a payment is pending, then catches up after reconciliation', async () => {
    await setStandard('510100', nextYear(), 40_000)
    const p = await payer('sync-pending', 200_000)
    const kid = await childBinding(p.token)
    await account(p.token)
    await platformAdmin('POST', 'faults', { kind: 'drop-after' })
    const { payment } = await json(await pay(p.token, 'sync-pending-01', { relativeId: kid, year: nextYear() }))
    expect(payment.status).toBe('pending')
    // the platform already took the 400 yuan, and the employer credited 1,000 yuan
    await platformAdmin('PUT', 'accounts', { idNumber: p.idNumber, balanceFen: 260_000 })
    await ageAccount(p.userId, ACCOUNT_RESYNC_AFTER_MS + 1000)
    const during = await account(p.token)
    expect(during.balanceFen).toBe(160_000)
    expect(during.ledger.some((e: any) => e.kind === 'sync')).toBe(false)

    await env.DB.prepare(`UPDATE family_payments SET next_check_at = '2000-01-01T00:00:00.000Z' WHERE id = ?1`)
      .bind(payment.id)
      .run()
    const { reconcilePayments } = await import('../../functions/src/family/payments')
    await reconcilePayments(env as never)
    const after = await account(p.token)
    expect(after.balanceFen).toBe(260_000)
    expect(after.ledger[0]).toMatchObject({ kind: 'sync', amountFen: 100_000, balanceAfterFen: 260_000 })
    const state = await ledgerState(p.userId)
    expect(state.sum).toBe(state.balance)
  })

  it('keeps the stored balance and its age when the platform is unreachable or names another account', async () => {
    const p = await payer('sync-down', 200_000)
    await account(p.token)
    await ageAccount(p.userId, ACCOUNT_RESYNC_AFTER_MS + 1000)
    const stored = (await getAccount(env.DB, p.userId))!
    const down = {
      lookupAccount: async () => {
        throw new PlatformUnavailable('down')
      },
    } as unknown as PlatformApi
    expect(await resyncAccount(env as never, stored, p.idNumber, down)).toEqual(stored)
    const renumbered = {
      lookupAccount: async () => ({ accountNo: 'PA-other', balanceFen: 1 }),
    } as unknown as PlatformApi
    expect(await resyncAccount(env as never, stored, p.idNumber, renumbered)).toEqual(stored)
    expect(await getAccount(env.DB, p.userId)).toEqual(stored)
  })

  it('ledger entries stay immutable after the ledger was rebuilt to allow sync entries', async () => {
    const p = await payer('sync-immutable', 200_000)
    await account(p.token)
    await expect(
      env.DB.prepare(`UPDATE family_ledger SET amount_fen = 1 WHERE payer_user_id = ?1`).bind(p.userId).run(),
    ).rejects.toThrow(/immutable/)
    await expect(
      env.DB.prepare(`DELETE FROM family_ledger WHERE payer_user_id = ?1`).bind(p.userId).run(),
    ).rejects.toThrow(/immutable/)
    await expect(
      env.DB.prepare(
        `INSERT INTO family_ledger (payer_user_id, kind, payment_id, amount_fen, balance_after_fen, source, created_at)
         VALUES (?1, 'sync', NULL, 0, 0, 'x', 'y')`,
      )
        .bind(p.userId)
        .run(),
    ).rejects.toThrow(/CHECK/)
  })
})
