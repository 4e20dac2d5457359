/// <reference types="vite/client" />
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import demoSql from '../../functions/seed/demo.sql?raw'
import { call, json, login, seedStatements } from './helpers'
import { nextYear } from './family-support'

async function seed() {
  const statements = seedStatements(demoSql)
  await env.DB.batch(statements.map((sql) => env.DB.prepare(sql)))
}

describe('family demo seed', () => {
  it('gives dev:demo-payer 2,000 yuan and two consented relatives who have not paid for next year', async () => {
    await seed()
    await seed()
    const { token } = await login('demo-payer')
    const account = await json(await call('GET', '/api/family/account', { token }))
    expect(account.balanceFen).toBe(200_000)
    expect(account.ledger).toHaveLength(1)
    const { members } = await json(await call('GET', '/api/family/members', { token }))
    expect(members.map((m: any) => [m.name, m.relationshipZh, m.status, m.consent.kind])).toEqual([
      ['刘秀英', '父母', 'active', 'relative'],
      ['周小雨', '子女', 'active', 'guardian'],
    ])
    for (const m of members) {
      const next = m.years.find((y: any) => y.year === nextYear())
      expect(next).toMatchObject({ paidBy: null, amountDueFen: 40_000, amountIsDemo: true })
      expect(next.amountSource).toMatch(/演示数据/)
    }
    // the daughter's binding carries the payer's commitment, confirmed by the household register
    expect(members[1].guardianReview).toMatchObject({ status: 'confirmed', confirmedBy: 'platform' })
    // the mother consented with her own (face-verified) sign-in, so the payer sees her entitlement answer
    expect(members[0].entitlement).toMatchObject({ covered: expect.any(Boolean) })
    const mother = await login('demo-mother')
    const hers = await json(await call('GET', '/api/family/members', { token: mother.token }))
    expect(hers.payers).toEqual([expect.objectContaining({ payerName: '周建国', status: 'active' })])
  })
})
