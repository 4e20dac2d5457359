// The CSV import checks payment dates with the rules engine's one function (shared/policy/paid-on.ts): the
// same refusals a resident meets, with the line and a Chinese message for the clerk.

import { describe, expect, test } from 'vitest'
import { parseImportCsv } from '../../../shared/api/import-csv'
import { residentIdCheckChar } from '../../../shared/api/resident-id'

const id = (region6: string, birth: string) => {
  const first17 = `${region6}${birth.replace(/-/g, '')}001`
  return first17 + residentIdCheckChar(first17)
}

const csv = (...rows: string[]) => ['id_number,year,scheme,paid_on', ...rows].join('\n')

describe('CSV import payment dates', () => {
  test('a payment months before the enrollment period opens is refused', () => {
    const result = parseImportCsv(csv(`${id('510104', '1980-01-01')},2027,resident,2026-03-01`), '2027-06-01')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors[0]?.message).toMatch(/集中参保期/)
  })

  test('a Shanxi newborn paying for the next year within 90 days of birth is accepted (D16), elsewhere not', () => {
    const shanxi = parseImportCsv(csv(`${id('140105', '2026-06-01')},2027,resident,2026-07-15`), '2027-06-01')
    expect(shanxi.ok).toBe(true)
    const sichuan = parseImportCsv(csv(`${id('510104', '2026-06-01')},2027,resident,2026-07-15`), '2027-06-01')
    expect(sichuan.ok).toBe(false)
  })

  test('inside the period and a newborn birth-year registration paid in January are accepted', () => {
    expect(parseImportCsv(csv(`${id('510104', '1980-01-01')},2027,resident,2026-11-03`), '2027-06-01').ok).toBe(true)
    expect(parseImportCsv(csv(`${id('510104', '2026-12-20')},2026,resident,2027-01-10`), '2027-06-01').ok).toBe(true)
  })
})
