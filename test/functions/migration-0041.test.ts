/// <reference types="vite/client" />
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import migration from '../../functions/migrations/0041_self_records_switch_year.sql?raw'
import oldSchema from '../../functions/migrations/0002_residents.sql?raw'

// Migration 0041 rebuilds self_records. It runs here on a copy under another name, in the old shape of 0002
// with rows in it, so the test sees what production data goes through: every row kept, the new key in force.
const rename = (sql: string) => sql.replaceAll('self_records', 'm41_self_records')
const statements = (sql: string) =>
  sql
    .replace(/--.*$/gm, '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '')

describe('migration 0041 (self_records: two entries of a switch year, programme_years)', () => {
  it('keeps every existing row and then accepts a switch year and a whole-programme payment', async () => {
    const oldTable = /CREATE TABLE self_records \([\s\S]*?\) WITHOUT ROWID;/.exec(oldSchema)?.[0]
    if (!oldTable) throw new Error('0002 no longer creates self_records')
    const user = 'm41-user'
    await env.DB.prepare(
      "INSERT INTO users (id, openid, role, created_at, last_login_at) VALUES (?1, ?1, 'resident', 'x', 'x')",
    )
      .bind(user)
      .run()
    await env.DB.batch([
      env.DB.prepare(rename(oldTable)),
      env.DB.prepare(
        `INSERT INTO m41_self_records (user_id, year, scheme, paid_on, fund_paid_fen, incentive_used, ended_on) VALUES
         (?1, 2025, 'resident', '2024-11-01', 0, 0, NULL), (?1, 2026, 'employee', NULL, NULL, NULL, '2026-05-31')`,
      ).bind(user),
    ])
    await env.DB.batch(statements(rename(migration)).map((s) => env.DB.prepare(s)))
    const rows = await env.DB.prepare('SELECT * FROM m41_self_records ORDER BY year, scheme').all()
    expect(rows.results).toEqual([
      {
        user_id: user,
        year: 2025,
        scheme: 'resident',
        paid_on: '2024-11-01',
        fund_paid_fen: 0,
        incentive_used: 0,
        ended_on: null,
        programme_years: null,
      },
      {
        user_id: user,
        year: 2026,
        scheme: 'employee',
        paid_on: null,
        fund_paid_fen: null,
        incentive_used: null,
        ended_on: '2026-05-31',
        programme_years: null,
      },
    ])
    const insert = (year: number, scheme: string, programmeYears: number | null) =>
      env.DB.prepare('INSERT INTO m41_self_records (user_id, year, scheme, programme_years) VALUES (?1, ?2, ?3, ?4)')
        .bind(user, year, scheme, programmeYears)
        .run()
    await insert(2026, 'resident', null)
    await insert(2027, 'resident', 3)
    // Still one entry per scheme and year, and a programme only on a resident entry.
    await expect(insert(2026, 'resident', null)).rejects.toThrow()
    await expect(insert(2028, 'employee', 2)).rejects.toThrow()
  })
})
