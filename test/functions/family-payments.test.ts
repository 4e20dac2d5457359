import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import handler from '../../functions/src/index'
import { DAILY_CRON, RECONCILE_CRON } from '../../functions/src/lib/schedule'
import { seedResidents } from './reminders-support'
import { reconcilePayments } from '../../functions/src/family/payments'
import { startPayment } from '../../functions/src/db/family'
import { call, json } from './helpers'
import {
  bulkBindings,
  childBinding,
  ledgerState,
  nextYear,
  pay,
  paymentCounts,
  payer,
  platformAdmin,
  setStandard,
} from './family-support'

const STANDARD = 40_000
const farFuture = () => new Date(Date.now() + 86_400_000).toISOString()

async function accountNoOf(token: string) {
  await call('GET', '/api/family/account', { token })
  return env.DB.prepare('SELECT account_no FROM family_accounts a JOIN users u ON u.id = a.payer_user_id').first<{
    account_no: string
  }>()
}

async function platformTransfersFor(ids: readonly string[]) {
  const wanted = new Set(ids)
  const { transfers } = await platformAdmin('GET', 'transfers')
  return (transfers as { outTradeNo: string; amountFen: number }[]).filter((t) => wanted.has(t.outTradeNo))
}

describe('payments under concurrency', () => {
  it('1,000 concurrent requests with one Idempotency-Key charge once and all answer the same', async () => {
    await setStandard('510100', nextYear(), STANDARD)
    const p = await payer('fam-conc-same', 200_000)
    const kid = await childBinding(p.token)
    const responses = await Promise.all(
      Array.from({ length: 1000 }, () =>
        pay(p.token, 'same-key-for-all', { relativeId: kid, year: nextYear() }).then(async (r) => ({
          status: r.status,
          body: await r.text(),
        })),
      ),
    )
    const distinct = new Set(responses.map((r) => `${r.status} ${r.body}`))
    expect(distinct.size).toBe(1)
    const first = responses[0]!
    // On a loaded machine the platform call may outlast its timeout: then every answer is "pending" and the
    // reconciliation settles it. Either way there is one payment and one charge.
    expect([200, 202]).toContain(first.status)
    await reconcilePayments(env, { now: farFuture() })
    expect(await paymentCounts(p.userId)).toEqual({ succeeded: 1 })
    expect(await ledgerState(p.userId)).toEqual({ balance: 160_000, sum: 160_000, low: 160_000 })
    expect(await platformTransfersFor([JSON.parse(first.body).payment.id])).toHaveLength(1)
  })

  it('one key makes one hold in the database, whatever the isolate: 1,000 racing inserts make one debit', async () => {
    const p = await payer('fam-conc-db', 100_000)
    const kid = await childBinding(p.token)
    await call('GET', '/api/family/account', { token: p.token })
    const now = new Date().toISOString()
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        startPayment(env.DB, {
          id: `fp_${(i + 1).toString(16).padStart(24, '0')}`,
          payerUserId: p.userId,
          idempotencyKey: 'db-level-key',
          requestHash: 'h',
          bindingId: kid,
          payeeIdHash: 'ignored',
          year: nextYear(),
          item: 'resident-contribution',
          amountFen: STANDARD,
          amountSource: 'test',
          createdAt: now,
          nextCheckAt: now,
        }),
      ),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    // the losers collide on the key or on the relative's year; either way the transaction rolled back
    expect(results.filter((r) => !r.ok && (r.reason === 'key-exists' || r.reason === 'already-paid'))).toHaveLength(999)
    expect(await ledgerState(p.userId)).toEqual({ balance: 60_000, sum: 60_000, low: 60_000 })
  })

  it('200 concurrent different payments against a balance for 50: exactly 50 succeed, balance exactly 0', async () => {
    await setStandard('510100', nextYear(), STANDARD)
    const p = await payer('fam-conc-many', 50 * STANDARD)
    await call('GET', '/api/family/account', { token: p.token })
    const relatives = await bulkBindings(p.userId, 200)
    const responses = await Promise.all(
      relatives.map((relativeId, i) => pay(p.token, `many-key-${i}-x`, { relativeId, year: nextYear() })),
    )
    const statuses = await Promise.all(
      responses.map(async (r) => [r.status, (await json(r)).error?.code ?? 'ok'] as const),
    )
    // 50 were accepted (settled, or pending when the platform was slow to answer), 150 refused at once
    expect(statuses.filter(([s]) => s === 200 || s === 202)).toHaveLength(50)
    expect(statuses.filter(([, code]) => code === 'FAMILY_BALANCE_TOO_LOW')).toHaveLength(150)
    await reconcilePayments(env, { now: farFuture() })
    expect(await paymentCounts(p.userId)).toEqual({ succeeded: 50 })
    expect(await ledgerState(p.userId)).toEqual({ balance: 0, sum: 0, low: 0 })
    const account = await json(await call('GET', '/api/family/account', { token: p.token }))
    expect(account.balanceFen).toBe(0)
  })
})

describe('unknown outcomes are reconciled, never charged again', () => {
  for (const kind of ['drop-after', 'hang-after', 'drop-before', 'error-before'] as const) {
    it(`${kind}: the payment waits as pending with the money held, then the cron settles it`, async () => {
      await setStandard('510100', nextYear(), STANDARD)
      const p = await payer(`fam-unknown-${kind}`, 100_000)
      const kid = await childBinding(p.token)
      await call('GET', '/api/family/account', { token: p.token })
      await platformAdmin('POST', 'faults', { kind, hangMs: 8_500 })
      const res = await pay(p.token, `unknown-${kind}`, { relativeId: kid, year: nextYear() })
      expect(res.status).toBe(202)
      const { payment } = await json(res)
      expect(payment.status).toBe('pending')
      expect((await ledgerState(p.userId)).balance).toBe(60_000)
      // a retry with the same key tells the same story and does not move money
      const retry = await pay(p.token, `unknown-${kind}`, { relativeId: kid, year: nextYear() })
      expect(retry.status).toBe(202)
      expect((await json(retry)).payment.id).toBe(payment.id)
      // and a second payment for the same year cannot start while this one is open
      expect(
        (await json(await pay(p.token, `unknown-${kind}-2`, { relativeId: kid, year: nextYear() }))).error.code,
      ).toBe('FAMILY_ALREADY_PAID')

      const moved = kind.endsWith('after')
      // the fake answers 8.5 s after the call, the client gave up at 8 s
      if (kind === 'hang-after') await new Promise((r) => setTimeout(r, 1_000))
      const report = await reconcilePayments(env, { now: farFuture() })
      expect(report.checked).toBeGreaterThanOrEqual(1)
      const settled = (await json(await call('GET', `/api/family/payments/${payment.id}`, { token: p.token }))).payment
      expect(settled.status).toBe(moved ? 'succeeded' : 'failed')
      expect(await ledgerState(p.userId)).toEqual(
        expect.objectContaining({ balance: moved ? 60_000 : 100_000, sum: moved ? 60_000 : 100_000 }),
      )
      expect(await platformTransfersFor([payment.id])).toHaveLength(moved ? 1 : 0)
      if (!moved) {
        expect(settled.failureReason).toMatch(/退回/)
        // the closed transfer can never execute later, even if the lost request finally arrives
        const acc = await accountNoOf(p.token)
        expect(acc).toBeTruthy()
      }
    })
  }

  it.each([
    ['daily', DAILY_CRON],
    ['five-minute', RECONCILE_CRON],
  ])('the %s trigger settles a payment whose outcome was unknown', async (name, cron) => {
    await setStandard('510100', nextYear(), STANDARD)
    const p = await payer(`fam-cron-${name}`, 100_000)
    const kid = await childBinding(p.token)
    await call('GET', '/api/family/account', { token: p.token })
    await platformAdmin('POST', 'faults', { kind: 'drop-after' })
    const { payment } = await json(await pay(p.token, `cron-key-${name}`, { relativeId: kid, year: nextYear() }))
    expect(payment.status).toBe('pending')
    await env.DB.prepare(`UPDATE family_payments SET next_check_at = '2000-01-01T00:00:00.000Z' WHERE id = ?1`)
      .bind(payment.id)
      .run()
    const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext
    await handler.scheduled({ scheduledTime: Date.now(), cron, noRetry() {} } as never, env as never, ctx)
    expect(
      (await json(await call('GET', `/api/family/payments/${payment.id}`, { token: p.token }))).payment.status,
    ).toBe('succeeded')
  })

  it('the five-minute trigger plans no reminders', async () => {
    const planned: unknown[] = []
    const queue = {
      send: async (m: unknown) => void planned.push(m),
      sendBatch: async (ms: unknown[]) => void planned.push(...ms),
    }
    const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext
    await seedResidents('cronsub', 3, { province: '51', region: '510100', allowances: { deadline: 1 } })
    // 2026-12-01 is 30 days before the Sichuan deadline: the daily trigger plans for these subscribers.
    const deadlineDay = Date.parse('2026-12-01T01:00:00Z')
    const fire = (cron: string) =>
      handler.scheduled(
        { scheduledTime: deadlineDay, cron, noRetry() {} } as never,
        { ...env, REMINDERS: queue } as never,
        ctx,
      )
    await fire(RECONCILE_CRON)
    expect(planned).toEqual([])
    await fire(DAILY_CRON)
    expect(planned.length).toBeGreaterThan(0)
  })

  it('1,000 payments, platform failing 30% of the time: all settle, ledger = balance, none charged twice', async () => {
    await setStandard('510100', nextYear(), STANDARD)
    const start = 1000 * STANDARD
    const p = await payer('fam-chaos', start)
    await call('GET', '/api/family/account', { token: p.token })
    const relatives = await bulkBindings(p.userId, 1000)
    await platformAdmin('POST', 'chaos', {
      rate: 0.3,
      seed: 42,
      kinds: ['reject', 'error-before', 'drop-before', 'drop-after'],
    })
    const ids: string[] = []
    try {
      for (let i = 0; i < relatives.length; i += 50) {
        const batch = await Promise.all(
          relatives
            .slice(i, i + 50)
            .map((relativeId, j) => pay(p.token, `chaos-key-${i + j}`, { relativeId, year: nextYear() })),
        )
        for (const r of batch) ids.push((await json(r)).payment.id)
      }
    } finally {
      await platformAdmin('POST', 'chaos', { rate: 0 })
    }
    expect(ids).toHaveLength(1000)
    const before = await paymentCounts(p.userId)
    expect(before.pending).toBeGreaterThan(0)
    expect(before.failed).toBeGreaterThan(0)
    const mid = await ledgerState(p.userId)
    expect(mid.balance).toBe(mid.sum)

    await reconcilePayments(env, { now: farFuture(), limit: 1000 })
    const after = await paymentCounts(p.userId)
    expect(after.pending ?? 0).toBe(0)
    expect((after.succeeded ?? 0) + (after.failed ?? 0)).toBe(1000)

    const transfers = await platformTransfersFor(ids)
    expect(new Set(transfers.map((t) => t.outTradeNo)).size).toBe(transfers.length)
    expect(transfers).toHaveLength(after.succeeded ?? 0)
    const ledger = await ledgerState(p.userId)
    expect(ledger.balance).toBe(ledger.sum)
    expect(ledger.balance).toBe(start - (after.succeeded ?? 0) * STANDARD)
    expect(ledger.low).toBeGreaterThanOrEqual(0)
    // the platform's own account agrees with Canbao's ledger to the fen
    const { account_no } = (await env.DB.prepare('SELECT account_no FROM family_accounts WHERE payer_user_id = ?1')
      .bind(p.userId)
      .first<{ account_no: string }>())!
    expect((await platformAdmin('GET', `accounts/${account_no}`)).balanceFen).toBe(ledger.balance)
  }, 180_000)
})
