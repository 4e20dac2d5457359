import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { call, login, makeId, officeUser, setProfile, uploadCsv } from './helpers'
import { log } from '../../functions/src/lib/log'
import { redactResidentIds } from '@canbao/shared/api/resident-id'

const ID = makeId('510104', '1979-09-09', 909)
const OTHER = makeId('140105', '1991-01-31', 131)

let lines: string[] = []

beforeEach(() => {
  lines = []
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(
        args
          .map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a)))
          .join(' '),
      )
    })
  }
})
afterEach(() => vi.restoreAllMocks())

describe('resident ID numbers', () => {
  it('never appear unmasked in any response or log line across a whole session', async () => {
    const responses: string[] = []
    const keep = async (res: Response) => {
      responses.push(await res.text())
      return res
    }
    const resident = await login('privacy-resident')
    await setProfile(resident.token, { name: '隐私', idNumber: ID, province: '51', region: '510100' })
    await keep(await call('GET', '/api/me', { token: resident.token }))
    await keep(await call('GET', '/api/me/profile', { token: resident.token }))
    // Every refusal path that sees the number.
    await keep(
      await call('PUT', '/api/me/profile', {
        token: resident.token,
        json: { name: '隐私', idNumber: ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1'), province: '51' },
      }),
    )
    const squatter = await login('privacy-squatter')
    await keep(
      await call('PUT', '/api/me/profile', {
        token: squatter.token,
        json: { name: '冒名', idNumber: ID, province: '51' },
      }),
    )
    await keep(
      await call('PUT', '/api/me/history', {
        token: resident.token,
        json: { history: [{ year: 2025, scheme: 'resident', paidOn: '2024-11-01' }] },
      }),
    )
    await keep(await call('GET', '/api/me/entitlement?year=2025', { token: resident.token }))

    const office = await officeUser('privacy-office', '51', '510100')
    await keep(
      await uploadCsv(
        office.token,
        `身份证号,年度,险种,缴费日期\n${ID},2025,居民,2024-11-01\n${OTHER},2025,居民,2024-11-01\n`,
      ),
    )
    await keep(
      await uploadCsv(
        office.token,
        `身份证号,年度,险种,缴费日期\n${ID},2025,居民,2099-11-01\n${ID},2025,居民,2024-11-01\n${ID}\n`,
      ),
    )
    await keep(await uploadCsv(office.token, `${ID},${OTHER}\n`))
    await keep(await call('POST', '/api/office/residents/lookup', { token: office.token, json: { idNumber: ID } }))
    await keep(await call('POST', '/api/office/residents/lookup', { token: office.token, json: { idNumber: OTHER } }))
    await keep(await call('GET', '/api/office/residents', { token: office.token }))

    expect(responses.length).toBe(12)
    for (const text of [...responses, ...lines]) {
      expect(text).not.toContain(ID)
      expect(text).not.toContain(OTHER)
    }
    // The session did produce logs (this test would pass vacuously otherwise).
    expect(lines.some((l) => l.includes('"event":"login"'))).toBe(true)
    expect(lines.some((l) => l.includes('import_applied'))).toBe(true)
  })

  it('are masked by the logger even when code passes one in by mistake', () => {
    log.error('oops', { detail: `failed for ${ID} and ${OTHER.toLowerCase()}` })
    expect(lines.join('\n')).not.toContain(ID)
    expect(lines.join('\n')).toContain(`5101**********${ID.slice(14)}`)
    expect(redactResidentIds(`x${ID}y`)).toBe(`x5101**********${ID.slice(14)}y`)
    // Other long numbers (an order number, a timestamp) are left alone.
    expect(redactResidentIds('1795353291196')).toBe('1795353291196')
  })
})
