/**
 * Writes the first section of functions/seed/demo.sql: one demo resident per province (with a history), one
 * office user and one finished office import; other areas' sections after it are kept. ID numbers are synthetic (valid check digits, no real person) and stored the way
 * the Worker stores them — AES-GCM ciphertext and HMAC hash under the published development keys — so the
 * demo works with the generated .dev.vars. Deterministic: the IV is derived from the plaintext, so running
 * this twice writes the same file. Run: `tsx functions/seed/generate.ts`.
 */
import { createCipheriv, createHmac } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { maskResidentId, residentIdCheckChar } from '../../shared/api/resident-id'
import { SENSITIVE_PI_CONSENT_TEXT, SENSITIVE_PI_CONSENT_VERSION } from '../../shared/api/identity'
import { fakeOpenid } from '../fakes/wechat/openid'
import { DEV_ID_ENC_KEY, DEV_ID_HASH_KEY } from '../src/lib/dev-keys'

interface Entry {
  year: number
  scheme: 'resident' | 'employee'
  paidOn?: string
  fundPaidFen?: number
  incentiveUsed?: boolean
  endedOn?: string
}

interface DemoResident {
  devName: string
  name: string
  idFirst17: string
  province: string
  region: string
  history: Entry[]
  groups?: { kind: string; year?: number }[]
  backPaidYears?: number[]
  /** records an office imported, shown with provenance `office` */
  office?: { scope: string; entries: Entry[] }
}

export const DEMO_RESIDENTS: DemoResident[] = [
  {
    devName: 'zhangsan',
    name: '张三',
    idFirst17: '51010419800615123',
    province: '51',
    region: '510100',
    history: [
      { year: 2025, scheme: 'resident', paidOn: '2024-11-20', fundPaidFen: 0 },
      { year: 2026, scheme: 'resident', paidOn: '2025-10-15', fundPaidFen: 0 },
      { year: 2027, scheme: 'resident', paidOn: '2026-10-08' },
    ],
    office: {
      scope: '510100',
      entries: [
        { year: 2024, scheme: 'resident', paidOn: '2023-11-02', fundPaidFen: 86_000, incentiveUsed: false },
        { year: 2025, scheme: 'resident', paidOn: '2024-11-20', fundPaidFen: 0, incentiveUsed: false },
      ],
    },
  },
  {
    devName: 'lisi',
    name: '李四',
    idFirst17: '14050219750302234',
    province: '14',
    region: '140500',
    // 2026 was missed: a one-year gap before 2027.
    history: [
      { year: 2025, scheme: 'resident', paidOn: '2024-12-05', fundPaidFen: 120_000 },
      { year: 2027, scheme: 'resident', paidOn: '2026-11-10' },
    ],
  },
  {
    devName: 'wangwu',
    name: '王五',
    idFirst17: '23010219880909345',
    province: '23',
    region: '230100',
    // Employee insurance until mid-2026, then resident insurance within three months.
    history: [
      { year: 2025, scheme: 'employee', endedOn: '2025-12-31' },
      { year: 2026, scheme: 'employee', endedOn: '2026-06-30' },
      { year: 2027, scheme: 'resident', paidOn: '2026-09-15' },
    ],
  },
  {
    devName: 'zhaoliu',
    name: '赵六',
    idFirst17: '52010219920101456',
    province: '52',
    region: '520100',
    history: [
      { year: 2025, scheme: 'resident', paidOn: '2024-10-01', fundPaidFen: 0 },
      { year: 2026, scheme: 'resident', paidOn: '2025-10-01', fundPaidFen: 0 },
      { year: 2027, scheme: 'resident', paidOn: '2026-10-01' },
    ],
  },
  {
    devName: 'qianqi',
    name: '钱七',
    idFirst17: '36010220250310567',
    province: '36',
    region: '360100',
    // A newborn registered 41 days after birth.
    history: [
      { year: 2025, scheme: 'resident', paidOn: '2025-04-20' },
      { year: 2026, scheme: 'resident', paidOn: '2025-11-01' },
    ],
    groups: [{ kind: 'newborn', year: 2025 }],
  },
]

export const DEMO_OFFICE = { devName: 'office-chengdu', province: '51', region: '510100' }

const encKey = Buffer.from(DEV_ID_ENC_KEY, 'base64')
const hashKey = Buffer.from(DEV_ID_HASH_KEY, 'base64')

/** The Worker's `v1.<iv>.<ciphertext+tag>` format, additional data `resident-id`. */
function encryptId(id: string): string {
  const iv = createHmac('sha256', encKey).update(`demo-iv:${id}`).digest().subarray(0, 12)
  const cipher = createCipheriv('aes-256-gcm', encKey, iv)
  cipher.setAAD(Buffer.from('resident-id'))
  const sealed = Buffer.concat([cipher.update(id, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return `v1.${iv.toString('base64')}.${sealed.toString('base64')}`
}

const hashId = (id: string) => createHmac('sha256', hashKey).update(id).digest('hex')
const q = (v: string | number | boolean | null | undefined): string =>
  v === undefined || v === null
    ? 'NULL'
    : typeof v === 'number'
      ? String(v)
      : typeof v === 'boolean'
        ? v
          ? '1'
          : '0'
        : `'${v.replace(/'/g, "''")}'`

const NOW = '2026-01-01T00:00:00.000Z'
const DEMO_JOB = 'imp_00000000000000000000000000de0001'

async function main() {
  const out: string[] = [
    '-- Demo data for `npm start`. This first section is generated by functions/seed/generate.ts (edit that file);',
    '-- sections below, each starting with a `-- ---- ` line, belong to other areas and are kept when it runs.',
    '-- Safe to run any number of times: every statement is an upsert. Sign in locally with the codes',
    '-- dev:zhangsan (四川) dev:lisi (山西) dev:wangwu (黑龙江) dev:zhaoliu (贵州) dev:qianqi (江西),',
    '-- and dev:office-chengdu for the office area (四川省成都市).',
    "INSERT INTO schema_info (key, value) VALUES ('demo_seed', '2') ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
  ]
  const userRow = async (
    devName: string,
    idSuffix: string,
    role: 'resident' | 'office',
    province: string | null,
    region: string | null,
  ) => {
    const openid = await fakeOpenid(devName)
    out.push(
      `INSERT INTO users (id, openid, role, office_province, office_region, created_at, last_login_at) VALUES (${q(`u_demo${idSuffix}`)}, ${q(openid)}, ${q(role)}, ${q(province)}, ${q(region)}, ${q(NOW)}, ${q(NOW)})` +
        ` ON CONFLICT (openid) DO UPDATE SET role = excluded.role, office_province = excluded.office_province, office_region = excluded.office_region;`,
    )
    return openid
  }
  const userIdOf = (openid: string) => `(SELECT id FROM users WHERE openid = ${q(openid)})`

  for (const [index, r] of DEMO_RESIDENTS.entries()) {
    const id = r.idFirst17 + residentIdCheckChar(r.idFirst17)
    const openid = await userRow(r.devName, String(index).padStart(18, '0'), 'resident', null, null)
    const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
    out.push(
      // Demo residents have passed the face check, so their office records show; a fresh dev: user starts unverified.
      `INSERT INTO profiles (user_id, name, id_enc, id_hash, id_masked, birth_date, province, region, updated_at, verified_at) SELECT id, ${q(r.name)}, ${q(encryptId(id))}, ${q(hashId(id))}, ${q(maskResidentId(id))}, ${q(birth)}, ${q(r.province)}, ${q(r.region)}, ${q(NOW)}, ${q(NOW)} FROM users WHERE openid = ${q(openid)}` +
        ` ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, id_enc = excluded.id_enc, id_hash = excluded.id_hash, id_masked = excluded.id_masked, birth_date = excluded.birth_date, province = excluded.province, region = excluded.region, verified_at = COALESCE(profiles.verified_at, excluded.verified_at);`,
      `INSERT INTO consents (user_id, purpose, version, text, given_at) SELECT id, 'sensitive-pi', ${q(SENSITIVE_PI_CONSENT_VERSION)}, ${q(SENSITIVE_PI_CONSENT_TEXT)}, ${q(NOW)} FROM users WHERE openid = ${q(openid)} ON CONFLICT (user_id, purpose) DO NOTHING;`,
      `DELETE FROM self_records WHERE user_id = ${userIdOf(openid)};`,
    )
    for (const e of r.history) {
      out.push(
        `INSERT INTO self_records (user_id, year, scheme, paid_on, fund_paid_fen, incentive_used, ended_on) SELECT id, ${e.year}, ${q(e.scheme)}, ${q(e.paidOn)}, ${q(e.fundPaidFen)}, ${q(e.incentiveUsed)}, ${q(e.endedOn)} FROM users WHERE openid = ${q(openid)};`,
      )
    }
    out.push(
      `INSERT INTO declarations (user_id, groups_json, back_paid_years_json, updated_at) SELECT id, ${q(JSON.stringify(r.groups ?? []))}, ${q(JSON.stringify(r.backPaidYears ?? []))}, ${q(NOW)} FROM users WHERE openid = ${q(openid)}` +
        ` ON CONFLICT (user_id) DO UPDATE SET groups_json = excluded.groups_json, back_paid_years_json = excluded.back_paid_years_json;`,
    )
    if (r.office) {
      for (const e of r.office.entries) {
        out.push(
          `INSERT INTO office_records (id_hash, year, scope, id_masked, scheme, paid_on, fund_paid_fen, incentive_used, ended_on, job_id, updated_at) VALUES (${q(hashId(id))}, ${e.year}, ${q(r.office.scope)}, ${q(maskResidentId(id))}, ${q(e.scheme)}, ${q(e.paidOn)}, ${q(e.fundPaidFen)}, ${q(e.incentiveUsed)}, ${q(e.endedOn)}, ${q(DEMO_JOB)}, ${q(NOW)})` +
            ` ON CONFLICT (id_hash, year, scope) DO UPDATE SET scheme = excluded.scheme, paid_on = excluded.paid_on, fund_paid_fen = excluded.fund_paid_fen, incentive_used = excluded.incentive_used, ended_on = excluded.ended_on;`,
        )
      }
    }
  }
  const officeOpenid = await userRow(
    DEMO_OFFICE.devName,
    'office00000000000',
    'office',
    DEMO_OFFICE.province,
    DEMO_OFFICE.region,
  )
  const officeRows = DEMO_RESIDENTS.flatMap((r) => r.office?.entries ?? []).length
  out.push(
    `INSERT INTO import_jobs (id, scope, created_by, file_name, file_sha256, file_bytes, status, total_rows, processed_rows, inserted_rows, updated_rows, unchanged_rows, created_at, updated_at, finished_at) SELECT ${q(DEMO_JOB)}, '510100', id, '演示数据.csv', ${q('0'.repeat(64))}, 0, 'done', ${officeRows}, ${officeRows}, ${officeRows}, 0, 0, ${q(NOW)}, ${q(NOW)}, ${q(NOW)} FROM users WHERE openid = ${q(officeOpenid)}` +
      ` ON CONFLICT (id) DO NOTHING;`,
  )
  // Other areas append their own sections to demo.sql, each starting with a `-- ---- ` line: those are kept.
  const file = fileURLToPath(new URL('./demo.sql', import.meta.url))
  const existing = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : []
  const firstOther = existing.findIndex((line) => line.startsWith('-- ---- '))
  const rest = firstOther === -1 ? [] : existing.slice(firstOther)
  writeFileSync(file, [...out, ...(rest.length > 0 ? ['', ...rest] : [])].join('\n').replace(/\n*$/, '\n'))
  console.log(
    `wrote the residents section of functions/seed/demo.sql (${DEMO_RESIDENTS.length} residents, 1 office user)`,
  )
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main()
