import { env } from 'cloudflare:workers'
import { cstDate } from '@canbao/shared/api/dates'
import { describe, expect, it } from 'vitest'
import { call, json, login, officeUser, setProfile } from './helpers'
import {
  childBinding,
  consentedParent,
  freshId,
  guardianInvite,
  invite,
  ledgerState,
  nextYear,
  pay,
  payer,
  platformAdmin,
  resident,
  setStandard,
  thisYear,
} from './family-support'

describe('binding relatives with consent', () => {
  it('invites an adult relative, who accepts once with their own sign-in; the code then stops working', async () => {
    const p = await payer('fam-inv-payer', 200_000)
    const parentId = freshId('510104', '1952-02-02')
    const res = await invite(p.token, { relationship: 'parent', name: '王母', idNumber: parentId })
    expect(res.status).toBe(201)
    const { member, code } = await json(res)
    expect(code).toMatch(/^[A-Z2-9]{8}$/)
    expect(member).toMatchObject({ status: 'invited', relationshipZh: '父母', consent: null })
    expect(member.idNumberMasked).not.toContain(parentId.slice(6, 14))
    expect(Date.parse(member.inviteExpiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000)

    const stranger = await resident('fam-inv-stranger', freshId('510104', '1970-01-01'), '51', '510100', {
      verified: true,
    })
    expect(
      (await call('POST', '/api/family/invitations/accept', { token: stranger.token, json: { code } })).status,
    ).toBe(404)

    const parent = await resident('fam-inv-parent', parentId, '51', '510100', { verified: true })
    const ok = await call('POST', '/api/family/invitations/accept', {
      token: parent.token,
      json: { code: code.toLowerCase() },
    })
    expect(ok.status).toBe(200)
    expect((await json(ok)).payer).toMatchObject({ payerName: '付款人', relationshipZh: '父母', status: 'active' })
    const again = await call('POST', '/api/family/invitations/accept', { token: parent.token, json: { code } })
    expect(again.status).toBe(404)
    expect((await json(again)).error.message).toMatch(/已使用或已过期/)

    const members = await json(await call('GET', '/api/family/members', { token: p.token }))
    expect(members.members[0]).toMatchObject({ status: 'active', consent: { kind: 'relative' } })
    const mine = await json(await call('GET', '/api/family/members', { token: parent.token }))
    expect(mine.payers).toEqual([expect.objectContaining({ payerName: '付款人', status: 'active' })])
  })

  it('refuses an invitation after 7 days', async () => {
    const p = await payer('fam-exp-payer', 200_000)
    const id = freshId('510104', '1955-05-05')
    const { code, member } = await json(await invite(p.token, { relationship: 'parent', name: '老人', idNumber: id }))
    await env.DB.prepare(`UPDATE family_bindings SET invite_expires_at = ?2 WHERE id = ?1`)
      .bind(member.id, new Date(Date.now() - 1000).toISOString())
      .run()
    const parent = await resident('fam-exp-parent', id, '51', '510100', { verified: true })
    expect((await call('POST', '/api/family/invitations/accept', { token: parent.token, json: { code } })).status).toBe(
      404,
    )
  })

  it('binds a child under 16 when the payer declares guardianship, and only then', async () => {
    const p = await payer('fam-guard-payer', 200_000)
    const kid = freshId('510104', '2016-08-08')
    const without = await invite(p.token, { relationship: 'child', name: '小红', idNumber: kid })
    expect(without.status).toBe(422)
    expect((await json(without)).error.message).toMatch(/未满 16 周岁/)
    const asSibling = await invite(p.token, { relationship: 'sibling', name: '小红', idNumber: kid, guardian: true })
    expect((await json(asSibling)).error.message).toMatch(/父母或祖父母/)
    const ok = await guardianInvite(p, { name: '小红', idNumber: kid })
    expect(ok.status).toBe(201)
    const body = await json(ok)
    expect(body.code).toBeNull()
    expect(body.member).toMatchObject({
      status: 'active',
      consent: { kind: 'guardian' },
      guardianReview: { status: 'confirmed', confirmedBy: 'platform' },
    })
    const adult = await invite(p.token, {
      relationship: 'child',
      name: '大明',
      idNumber: freshId('510104', '2002-01-01'),
      guardian: true,
    })
    expect((await json(adult)).error.message).toMatch(/本人登录确认/)
  })

  it('refuses implausible relationships with a clear message', async () => {
    const p = await payer('fam-plaus-payer', 200_000)
    const cases: [string, string, RegExp][] = [
      ['parent', '1990-01-01', /父母应比您年长至少 12 岁/],
      ['child', '1975-01-01', /子女应比您年轻至少 12 岁/],
      ['grandparent', '1965-01-01', /祖父母应比您年长至少 24 岁/],
      ['maternal-grandchild', '1995-01-01', /外孙子女应比您年轻至少 24 岁/],
    ]
    for (const [relationship, birth, message] of cases) {
      const res = await invite(p.token, { relationship, name: '某人', idNumber: freshId('510104', birth) })
      expect(res.status, relationship).toBe(422)
      expect((await json(res)).error.message).toMatch(message)
    }
    const self = await invite(p.token, { relationship: 'sibling', name: '自己', idNumber: p.idNumber })
    expect((await json(self)).error.message).toMatch(/不能绑定自己/)
    const twice = freshId('510104', '1985-01-01')
    expect((await invite(p.token, { relationship: 'sibling', name: '弟弟', idNumber: twice })).status).toBe(201)
    expect((await invite(p.token, { relationship: 'sibling', name: '弟弟', idNumber: twice })).status).toBe(409)
  })

  it('refuses someone without an employee personal account as a payer', async () => {
    const { token } = await login('fam-no-account')
    const idNumber = freshId('510104', '1980-01-01')
    await platformAdmin('PUT', 'accounts', { idNumber, balanceFen: null })
    await setProfile(token, { name: '居民', idNumber, province: '51', region: '510100' })
    const res = await invite(token, {
      relationship: 'sibling',
      name: '弟弟',
      idNumber: freshId('510104', '1985-01-01'),
    })
    expect(res.status).toBe(409)
    expect((await json(res)).error.code).toBe('FAMILY_NOT_PAYER')
    expect((await call('GET', '/api/family/account', { token })).status).toBe(409)
  })

  it('lets either side unbind, keeps the history, and refuses payment afterwards', async () => {
    const p = await payer('fam-unbind-payer', 200_000)
    await setStandard('510100', nextYear(), 40_000)
    const {
      member,
      relative: parent,
      idNumber: id,
    } = await consentedParent(p.token, 'fam-unbind-parent', '老父', '1958-03-03')
    const res = await call('DELETE', `/api/family/members/${member.id}`, { token: parent.token })
    expect(await json(res)).toEqual({ unbound: true, by: 'relative' })
    const listed = (await json(await call('GET', '/api/family/members', { token: p.token }))).members[0]
    expect(listed).toMatchObject({ status: 'unbound', consent: { kind: 'relative' } })
    expect(listed.unboundAt).toBeTruthy()
    const paid = await pay(p.token, 'unbound-key-1', { relativeId: member.id, year: nextYear() })
    expect(paid.status).toBe(409)
    expect((await json(paid)).error.code).toBe('FAMILY_NOT_BOUND')
    // bound again later: a new binding, the old one stays as history
    const again = await invite(p.token, { relationship: 'parent', name: '老父', idNumber: id })
    expect(again.status).toBe(201)
    expect((await json(await call('GET', '/api/family/members', { token: p.token }))).members).toHaveLength(2)
  })
})

describe('paying a relative from the personal account', () => {
  it('pays the region standard, shows the balance after, and gives both sides the receipt', async () => {
    const p = await payer('fam-pay-payer', 200_000)
    await setStandard('510100', nextYear(), 40_000)
    const { member, relative: parent } = await consentedParent(p.token, 'fam-pay-parent', '母亲', '1960-06-06')

    const before = (await json(await call('GET', '/api/family/members', { token: p.token }))).members[0]
    const due = before.years.find((y: any) => y.year === nextYear())
    // 成都 has published no period here: the end date is the default estimate, and the answer says so
    expect(due).toMatchObject({
      paidBy: null,
      amountDueFen: 40_000,
      deadline: `${thisYear()}-12-31`,
      deadlineIsDefault: true,
      periodStart: `${thisYear()}-09-01`,
    })

    const res = await pay(p.token, 'pay-key-0001', { relativeId: member.id, year: nextYear() })
    expect(res.status).toBe(200)
    const { payment } = await json(res)
    expect(payment).toMatchObject({ status: 'succeeded', amountFen: 40_000, year: nextYear() })
    expect(payment.receipt).toMatchObject({
      payeeName: '母亲',
      payerName: '付款人',
      amountFen: 40_000,
      itemZh: '城乡居民医保个人缴费',
    })

    const account = await json(await call('GET', '/api/family/account', { token: p.token }))
    expect(account.balanceFen).toBe(160_000)
    expect(account.ledger.map((e: any) => [e.kind, e.amountFen, e.balanceAfterFen])).toEqual([
      ['debit', -40_000, 160_000],
      ['opening', 200_000, 200_000],
    ])
    const after = (await json(await call('GET', '/api/family/members', { token: p.token }))).members[0]
    expect(after.years.find((y: any) => y.year === nextYear()).paidBy).toBe('family')

    const seen = await call('GET', `/api/family/payments/${payment.id}`, { token: parent.token })
    expect(seen.status).toBe(200)
    expect((await json(seen)).payment.receipt.receiptNo).toBe(payment.receipt.receiptNo)
    const list = await json(await call('GET', '/api/family/payments', { token: parent.token }))
    expect(list.payments.map((x: any) => x.id)).toEqual([payment.id])

    // already paid: by anyone, with any key
    const twice = await pay(p.token, 'pay-key-0002', { relativeId: member.id, year: nextYear() })
    expect(twice.status).toBe(409)
    expect((await json(twice)).error.code).toBe('FAMILY_ALREADY_PAID')
    expect((await ledgerState(p.userId)).balance).toBe(160_000)
  })

  it('the relative’s history, entitlement and office show the year as paid by family', async () => {
    const p = await payer('fam-prov-payer', 200_000)
    await setStandard('510100', nextYear(), 40_000)
    const {
      member,
      relative: parent,
      idNumber: id,
    } = await consentedParent(p.token, 'fam-prov-parent', '父亲', '1958-08-08')
    // the relative had declared the year under the employee scheme; the confirmed payment says otherwise
    await call('PUT', '/api/me/history', {
      token: parent.token,
      json: {
        history: [
          { year: thisYear(), scheme: 'resident', paidOn: `${thisYear() - 1}-12-01` },
          { year: nextYear(), scheme: 'employee' },
        ],
      },
    })
    const unpaid = await json(await call('GET', `/api/me/entitlement?year=${nextYear()}`, { token: parent.token }))
    expect(unpaid.evaluation.covered).toBe(false)

    const { payment } = await json(await pay(p.token, 'prov-key-0001', { relativeId: member.id, year: nextYear() }))
    expect(payment.status).toBe('succeeded')
    const paidOn = cstDate(Date.parse(payment.completedAt))

    const history = await json(await call('GET', '/api/me/history', { token: parent.token }))
    expect(history.history).toEqual([
      { year: thisYear(), scheme: 'resident', paidOn: `${thisYear() - 1}-12-01`, source: 'self' },
      { year: nextYear(), scheme: 'resident', paidOn, source: 'family' },
    ])
    expect(history.overriddenSelfYears).toEqual([nextYear()])
    const entitlement = await json(await call('GET', `/api/me/entitlement?year=${nextYear()}`, { token: parent.token }))
    expect(entitlement.evaluation.covered).toBe(true)

    // the payer sees the same answer the relative sees
    const own = await json(await call('GET', '/api/me/entitlement', { token: parent.token }))
    const seenByPayer = (await json(await call('GET', '/api/family/members', { token: p.token }))).members[0]
    expect(seenByPayer.entitlement).toEqual({
      year: own.year,
      covered: own.evaluation.covered,
      capYuan: own.evaluation.capYuan,
      waitingMonths: own.evaluation.waitingMonths,
      benefitStart: own.evaluation.benefitStart,
    })

    const office = await officeUser('fam-prov-office', '51', '510100')
    const looked = await json(
      await call('POST', '/api/office/residents/lookup', { token: office.token, json: { idNumber: id } }),
    )
    expect(looked.resident.history.find((h: any) => h.year === nextYear())).toMatchObject({ source: 'family', paidOn })
  })

  it('a child paid for before signing in finds the paid year on first sign-in', async () => {
    const p = await payer('fam-prov-guardian', 200_000)
    await setStandard('510100', nextYear(), 40_000)
    const childId = freshId('510104', '2012-04-04')
    const res = await guardianInvite(p, { name: '小红', idNumber: childId })
    const kid = (await json(res)).member.id
    const { payment } = await json(await pay(p.token, 'prov-key-0002', { relativeId: kid, year: nextYear() }))
    expect(payment.status).toBe('succeeded')
    const child = await resident('fam-prov-child', childId)
    const history = await json(await call('GET', '/api/me/history', { token: child.token }))
    expect(history.history).toEqual([
      { year: nextYear(), scheme: 'resident', paidOn: cstDate(Date.parse(payment.completedAt)), source: 'family' },
    ])
  })

  it('refuses when the standard is unknown, the year or item is not allowed, or the balance is too low', async () => {
    const p = await payer('fam-refuse-payer', 30_000)
    const kid = await childBinding(p.token)
    const unknown = await pay(p.token, 'refuse-key-01', { relativeId: kid, year: thisYear() })
    expect(unknown.status).toBe(409)
    const u = await json(unknown)
    expect(u.error.code).toBe('FAMILY_STANDARD_UNKNOWN')
    expect(u.error.message).toMatch(/尚未公布/)
    expect(
      (await json(await pay(p.token, 'refuse-key-02', { relativeId: kid, year: thisYear() - 2 }))).error.code,
    ).toBe('FAMILY_NOT_ALLOWED')
    const ltc = await json(
      await pay(p.token, 'refuse-key-03', { relativeId: kid, year: nextYear(), item: 'long-term-care' }),
    )
    expect(ltc.error.code).toBe('FAMILY_NOT_ALLOWED')
    expect(ltc.error.message).toMatch(/黑龙江/)
    await setStandard('510100', nextYear(), 40_000)
    const low = await json(await pay(p.token, 'refuse-key-04', { relativeId: kid, year: nextYear() }))
    expect(low.error.code).toBe('FAMILY_BALANCE_TOO_LOW')
    expect(low.error.message).toMatch(/300\.00 元.*400\.00 元/)
    expect(await ledgerState(p.userId)).toEqual({ balance: 30_000, sum: 30_000, low: 30_000 })
    const noKey = await call('POST', '/api/family/payments', {
      token: p.token,
      json: { relativeId: kid, year: nextYear(), item: 'resident-contribution' },
    })
    expect((await json(noKey)).error.code).toBe('IDEMPOTENCY_KEY_REQUIRED')
  })

  it('refuses a year the relative already paid themselves', async () => {
    const p = await payer('fam-self-paid', 200_000)
    await setStandard('510100', nextYear(), 40_000)
    const { member, relative: parent } = await consentedParent(p.token, 'fam-self-paid-parent', '父亲', '1961-01-01')
    await call('PUT', '/api/me/history', {
      token: parent.token,
      json: { history: [{ year: nextYear(), scheme: 'resident' }] },
    })
    const res = await pay(p.token, 'self-paid-key', { relativeId: member.id, year: nextYear() })
    expect((await json(res)).error.code).toBe('FAMILY_ALREADY_PAID')
  })

  it('refuses the same key reused for another payment', async () => {
    const p = await payer('fam-reuse-payer', 200_000)
    await setStandard('510100', nextYear(), 40_000)
    await setStandard('510100', thisYear(), 38_000)
    const kid = await childBinding(p.token)
    expect((await pay(p.token, 'reuse-key-1', { relativeId: kid, year: nextYear() })).status).toBe(200)
    const other = await pay(p.token, 'reuse-key-1', { relativeId: kid, year: thisYear() })
    expect(other.status).toBe(422)
    expect((await json(other)).error.code).toBe('IDEMPOTENCY_KEY_REUSED')
  })

  it('pays long-term care in Heilongjiang from region data', async () => {
    const p = await payer('fam-ltc-payer', 200_000)
    await setStandard('230100', nextYear(), 9_000, 'long-term-care')
    const res = await guardianInvite(p, {
      name: '小黑',
      idNumber: freshId('230102', '2014-01-01'),
      province: '23',
      region: '230100',
    })
    const { member } = await json(res)
    expect(member.years.map((y: any) => y.item)).toContain('long-term-care')
    const paid = await json(
      await pay(p.token, 'ltc-key-001', { relativeId: member.id, year: nextYear(), item: 'long-term-care' }),
    )
    expect(paid.payment).toMatchObject({ status: 'succeeded', amountFen: 9_000 })
  })
})
