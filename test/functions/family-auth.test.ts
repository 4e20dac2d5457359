import { describe, expect, it } from 'vitest'
import { call, json, officeUser, setProfile } from './helpers'
import {
  childBinding,
  consentedParent,
  freshId,
  invite,
  ledgerState,
  nextYear,
  pay,
  payer,
  resident,
  setStandard,
} from './family-support'

/** A payer with a relative who accepted, and one succeeded payment with its receipt. */
async function paidFamily(prefix: string) {
  await setStandard('510100', nextYear(), 40_000)
  const p = await payer(`${prefix}-payer`, 200_000)
  const { member, relative } = await consentedParent(p.token, `${prefix}-relative`, '老母亲', '1957-07-07')
  const { payment } = await json(await pay(p.token, `${prefix}-key-1`, { relativeId: member.id, year: nextYear() }))
  expect(payment.status).toBe('succeeded')
  return { p, relative, memberId: member.id as string, paymentId: payment.id as string }
}

async function cannotSeeOrPay(token: string, f: Awaited<ReturnType<typeof paidFamily>>) {
  expect((await call('GET', `/api/family/payments/${f.paymentId}`, { token })).status).toBe(404)
  expect((await json(await call('GET', '/api/family/payments', { token }))).payments).toEqual([])
  const members = await json(await call('GET', '/api/family/members', { token }))
  expect(JSON.stringify(members)).not.toContain(f.memberId)
  const paid = await pay(token, `intruder-${Math.random().toString(36).slice(2, 10)}`, {
    relativeId: f.memberId,
    year: nextYear() - 1,
  })
  expect([404, 409]).toContain(paid.status)
  expect((await call('DELETE', `/api/family/members/${f.memberId}`, { token })).status).toBe(404)
  // and nothing moved
  expect((await ledgerState(f.p.userId)).balance).toBe(160_000)
}

describe('who can see and pay', () => {
  it('without a session nothing answers', async () => {
    for (const [method, path] of [
      ['GET', '/api/family/members'],
      ['GET', '/api/family/account'],
      ['POST', '/api/family/payments'],
      ['GET', '/api/family/payments'],
    ] as const) {
      expect((await call(method, path)).status, path).toBe(401)
    }
  })

  it('a stranger can neither see nor pay', async () => {
    const f = await paidFamily('auth-stranger')
    const stranger = await payer('auth-stranger-x', 200_000)
    await cannotSeeOrPay(stranger.token, f)
  })

  it('a relative who unbound no longer sees the payer or the receipts', async () => {
    const f = await paidFamily('auth-unbound')
    expect((await call('GET', `/api/family/payments/${f.paymentId}`, { token: f.relative.token })).status).toBe(200)
    expect((await call('DELETE', `/api/family/members/${f.memberId}`, { token: f.relative.token })).status).toBe(200)
    expect((await call('GET', `/api/family/payments/${f.paymentId}`, { token: f.relative.token })).status).toBe(404)
    expect((await json(await call('GET', '/api/family/payments', { token: f.relative.token }))).payments).toEqual([])
    // the payer keeps the history and the receipt
    expect(
      (await json(await call('GET', `/api/family/payments/${f.paymentId}`, { token: f.p.token }))).payment.receipt,
    ).toBeTruthy()
  })

  it('a relative who was invited but never accepted cannot see anything', async () => {
    const p = await payer('auth-invited-payer', 200_000)
    const id = freshId('510104', '1956-06-06')
    const { member } = await json(await invite(p.token, { relationship: 'parent', name: '父亲', idNumber: id }))
    const relative = await resident('auth-invited-relative', id)
    expect((await json(await call('GET', '/api/family/members', { token: relative.token }))).payers).toEqual([])
    expect((await call('DELETE', `/api/family/members/${member.id}`, { token: relative.token })).status).toBe(404)
  })

  it('an office user of another region can neither see nor pay', async () => {
    const f = await paidFamily('auth-office')
    const office = await officeUser('auth-office-sx', '14', '140500')
    await cannotSeeOrPay(office.token, f)
  })

  it('the payer cannot pay for a relative of another payer, even with a valid binding id', async () => {
    const f = await paidFamily('auth-cross')
    const other = await payer('auth-cross-other', 200_000)
    await childBinding(other.token)
    const res = await pay(other.token, 'cross-key-01', { relativeId: f.memberId, year: nextYear() })
    expect(res.status).toBe(404)
    void setProfile
  })
})
