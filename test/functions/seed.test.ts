/// <reference types="vite/client" />
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import demoSql from '../../functions/seed/demo.sql?raw'
import { call, json, login, seedStatements } from './helpers'

const DEMO = [
  ['zhangsan', '51', '张三'],
  ['lisi', '14', '李四'],
  ['wangwu', '23', '王五'],
  ['zhaoliu', '52', '赵六'],
  ['qianqi', '36', '钱七'],
] as const

async function seed() {
  const statements = seedStatements(demoSql)
  await env.DB.batch(statements.map((sql) => env.DB.prepare(sql)))
}

describe('demo seed (functions/seed/demo.sql)', () => {
  it('can run twice, and gives each province a resident who signs in with a dev code and gets an answer', async () => {
    await seed()
    await seed()
    // Twice seeded, once present.
    const count = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM profiles WHERE name IN ('张三', '李四', '王五', '赵六', '钱七')",
    ).first<{ n: number }>()
    expect(count?.n).toBe(5)
    for (const [devName, province, name] of DEMO) {
      const { token, user } = await login(devName)
      expect(user.profile).toMatchObject({ name, province })
      expect(user.profile.idNumberMasked).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/)
      const history = await json(await call('GET', '/api/me/history', { token }))
      expect(history.history.length).toBeGreaterThan(0)
      const res = await call('GET', '/api/me/entitlement?year=2027', { token })
      expect(res.status, `${devName}: ${await res.clone().text()}`).toBe(200)
    }
    const zhangsan = await json(await call('GET', '/api/me/history', { token: (await login('zhangsan')).token }))
    expect(zhangsan.history.map((e: { year: number; source: string }) => `${e.year}:${e.source}`)).toEqual([
      '2024:office',
      '2025:office',
      '2026:self',
      '2027:self',
    ])
  })

  it('includes an office user for Chengdu who sees the demo import and resident', async () => {
    await seed()
    const office = await login('office-chengdu')
    expect(office.user).toMatchObject({ role: 'office', office: { province: '51', region: '510100' } })
    const jobs = await json(await call('GET', '/api/office/imports', { token: office.token }))
    expect(jobs.jobs.some((j: { fileName: string }) => j.fileName === '演示数据.csv')).toBe(true)
    const list = await json(await call('GET', '/api/office/residents', { token: office.token }))
    expect(list.residents.map((r: { name: string }) => r.name)).toContain('张三')
  })
})
