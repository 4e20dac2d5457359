// The family tab's answers a person reads (issue 15): their own invite code, and when a relative's benefits
// start if paid today.
import { describe, expect, it } from 'vitest'
import { call, json } from './helpers'
import {
  childBinding,
  consentedParent,
  freshId,
  invite,
  nextYear,
  payer,
  resident,
  setStandard,
  thisYear,
} from './family-support'

describe('a payer typing their own invite code', () => {
  it('is told the code is for the relative, while anyone else still learns nothing about it', async () => {
    const p = await payer('fam-own-payer', 200_000)
    const { code } = await json(
      await invite(p.token, { relationship: 'spouse', name: '张妻', idNumber: freshId('510104', '1982-02-02') }),
    )
    const own = await call('POST', '/api/family/invitations/accept', { token: p.token, json: { code } })
    expect(own.status).toBe(409)
    const body = await json(own)
    expect(body.error.code).toBe('FAMILY_INVITE_OWN')
    expect(body.error.message).toContain('您自己发出的邀请码')

    const stranger = await resident('fam-own-stranger', freshId('510104', '1971-01-01'))
    const other = await call('POST', '/api/family/invitations/accept', { token: stranger.token, json: { code } })
    expect(other.status).toBe(404)
    expect((await json(other)).error.code).toBe('FAMILY_INVITE_INVALID')
  })
})

describe('when benefits start if the payer pays today', () => {
  it("comes from the engine over the relative's own records, and is absent without them", async () => {
    const p = await payer('fam-start-payer', 200_000)
    await setStandard('510100', nextYear(), 40_000)
    const { member, relative } = await consentedParent(p.token, 'fam-start-parent', '母亲', '1955-05-05')
    await call('PUT', '/api/me/history', {
      token: relative.token,
      json: {
        history: [
          { year: thisYear() - 1, scheme: 'resident', paidOn: `${thisYear() - 2}-12-01` },
          { year: thisYear(), scheme: 'resident', paidOn: `${thisYear() - 1}-12-01` },
        ],
      },
    })
    const childId = await childBinding(p.token)
    const { members } = await json(await call('GET', '/api/family/members', { token: p.token }))
    const mother = members.find((m: { id: string }) => m.id === member.id)
    const next = mother.years.find(
      (y: { year: number; item: string }) => y.year === nextYear() && y.item === 'resident-contribution',
    )
    // the same engine answer the relative's own what-if gives for paying today
    const own = await json(await call('GET', `/api/me/entitlement?year=${thisYear()}`, { token: relative.token }))
    const enrollToday = own.whatIf.enrollToday
    expect(next.ifPaidToday).toEqual({
      benefitStart: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      waitingMonths: expect.any(Number),
    })
    if (enrollToday?.year === nextYear()) {
      expect(next.ifPaidToday).toEqual({
        benefitStart: enrollToday.benefitStart,
        waitingMonths: enrollToday.waitingMonths,
      })
      // continuous and on time: no waiting
      expect(next.ifPaidToday).toEqual({ benefitStart: `${nextYear()}-01-01`, waitingMonths: 0 })
    }

    const child = members.find((m: { id: string }) => m.id === childId)
    expect(child.years.every((y: { ifPaidToday: unknown }) => y.ifPaidToday === null)).toBe(true)
  })
})

describe('the local fake platform (npm start, e2e)', () => {
  it('gives a personal account to employees only, so resident-only people are not shown 2,000 yuan', async () => {
    const { createFakePlatform, FAKE_PLATFORM_API_KEY } = await import('../../functions/fakes/platform/app')
    const { DEMO_PAYER_ID_NUMBER, isFakeEmployee } = await import('../../functions/fakes/platform/employees')
    const fake = createFakePlatform({ apiKey: FAKE_PLATFORM_API_KEY, hasAccount: isFakeEmployee })
    const lookup = (idNumber: string) =>
      fake.fetch(
        new Request('http://platform.fake/v1/accounts/lookup', {
          method: 'POST',
          headers: { authorization: `Bearer ${FAKE_PLATFORM_API_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ idNumber }),
        }),
      )
    expect((await lookup(DEMO_PAYER_ID_NUMBER)).status).toBe(200)
    expect((await lookup(freshId('510104', '1980-06-15').replace(/^(\d{14})9/, '$10'))).status).toBe(404)
  })
})
