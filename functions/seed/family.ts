/**
 * The family mutual aid section of functions/seed/demo.sql: a payer who signs in with `dev:demo-payer`
 * (employee scheme, personal account 2,000 yuan) with two consented relatives who have not paid for next
 * year — a mother who accepted with her own sign-in (`dev:demo-mother`) and a daughter under 16 bound by
 * guardianship — and the demo region's contribution standard, labelled as demonstration data.
 * ID numbers are synthetic and stored as the Worker stores them (./lib.ts). Written by ./generate.ts.
 */

import { maskResidentId, residentIdCheckChar } from '@canbao/shared/api/resident-id'
import { GUARDIAN_COMMITMENT_VERSION, GUARDIAN_COMMITMENT_ZH } from '@canbao/shared/family/commitment'
import { accountNoOf } from '../fakes/platform/app'
import { DEMO_PAYER_ID_NUMBER } from '../fakes/platform/employees'
import { fakeOpenid } from '../fakes/wechat/openid'
import { encryptId, hashId, q } from './lib'

const AT = '2026-01-01T00:00:00.000Z'
/** How this section's first line starts in demo.sql: ./generate.ts replaces the section it finds there. */
export const FAMILY_SECTION = '-- ---- family mutual aid (家庭共济)'
export const DEMO_BALANCE_FEN = 200_000
/** Not a published figure: the demo needs an amount, the region table rightly has none. */
export const DEMO_STANDARD = {
  region: '510100',
  years: [2026, 2027, 2028, 2029, 2030],
  amountFen: 40_000,
  source: '并非成都市公布的缴费标准，仅供本地演示（按国家规定的最低个人缴费标准 400 元示意）',
}

const idOf = (first17: string) => first17 + residentIdCheckChar(first17)

export async function familyDemoSql(): Promise<string> {
  const payer = {
    dev: 'demo-payer',
    userId: 'u_famdemo0000000000000001',
    name: '周建国',
    id: DEMO_PAYER_ID_NUMBER,
    birth: '1975-04-12',
  }
  const mother = {
    dev: 'demo-mother',
    userId: 'u_famdemo0000000000000002',
    name: '刘秀英',
    id: idOf('51010419500920342'),
    birth: '1950-09-20',
  }
  const daughter = { name: '周小雨', id: idOf('51010420160501352'), birth: '2016-05-01' }
  const lines: string[] = [
    `${FAMILY_SECTION} — functions/seed/family.ts; sign in with dev:demo-payer (payer)`,
    '-- and dev:demo-mother (a relative who consented). Upserts only: re-running keeps the ledger as it is.',
  ]
  const person = async (p: typeof payer, history: [number, 'resident' | 'employee', string | null][]) => {
    const openid = await fakeOpenid(p.dev)
    const who = `(SELECT id FROM users WHERE openid = ${q(openid)})`
    lines.push(
      `INSERT INTO users (id, openid, role, created_at, last_login_at) VALUES (${q(p.userId)}, ${q(openid)}, 'resident',
        ${q(AT)}, ${q(AT)}) ON CONFLICT (openid) DO NOTHING;`,
      // verified (face check passed), so paid years and bindings keyed by the ID hash show for them
      `INSERT INTO profiles (user_id, name, id_enc, id_hash, id_masked, birth_date, province, region, updated_at,
        verified_at) SELECT id, ${q(p.name)}, ${q(encryptId(p.id))}, ${q(hashId(p.id))}, ${q(maskResidentId(p.id))},
        ${q(p.birth)}, '51', '510100', ${q(AT)}, ${q(AT)} FROM users WHERE openid = ${q(openid)} ON CONFLICT (user_id)
          DO NOTHING;`,
      ...history.map(
        ([year, scheme, paidOn]) =>
          `INSERT INTO self_records (user_id, year, scheme, paid_on, ended_on) SELECT id, ${year}, '${scheme}',
            ${q(paidOn)}, ${scheme === 'employee' ? q(`${year}-12-31`) : 'NULL'} FROM users WHERE openid = ${q(openid)}
              ON CONFLICT (user_id, year, scheme) DO NOTHING;`,
      ),
    )
    return { openid, who }
  }
  const payerRef = await person(payer, [
    [2025, 'employee', null],
    [2026, 'employee', null],
  ])
  const motherRef = await person(mother, [
    [2025, 'resident', '2024-10-10'],
    [2026, 'resident', '2025-10-12'],
  ])
  lines.push(
    `INSERT INTO family_accounts (payer_user_id, account_no, balance_fen, synced_at, updated_at) SELECT id,
      ${q(accountNoOf(payer.id))}, ${DEMO_BALANCE_FEN}, ${q(AT)}, ${q(AT)} FROM users WHERE openid =
        ${q(payerRef.openid)} ON CONFLICT (payer_user_id) DO NOTHING;`,
    `INSERT INTO family_ledger (payer_user_id, kind, payment_id, amount_fen, balance_after_fen, source, created_at)
      SELECT id, 'opening', NULL, ${DEMO_BALANCE_FEN}, ${DEMO_BALANCE_FEN}, 'demo-seed', ${q(AT)} FROM users WHERE
      openid = ${q(payerRef.openid)} AND NOT EXISTS (SELECT 1 FROM family_ledger WHERE payer_user_id = users.id AND kind
      = 'opening');`,
  )
  const binding = async (
    id: string,
    relationship: string,
    r: { name: string; id: string; birth: string },
    consent: 'relative' | 'guardian',
    relativeWho: string | null,
  ) =>
    `INSERT INTO family_bindings (id, payer_user_id, relationship, relative_name, relative_id_enc, relative_id_hash,
      relative_id_masked, relative_birth_date, relative_province, relative_region, relative_user_id, status,
      consent_kind, consented_at, invited_at) SELECT ${q(id)}, id, '${relationship}', ${q(r.name)},
      ${q(encryptId(r.id))}, ${q(hashId(r.id))}, ${q(maskResidentId(r.id))}, ${q(r.birth)}, '51', '510100',
        ${relativeWho ?? 'NULL'}, 'active', '${consent}', ${q(AT)}, ${q(AT)} FROM users WHERE openid =
          ${q(payerRef.openid)} ON CONFLICT (id) DO NOTHING;`
  lines.push(
    await binding('fb_de0000000000000000000001', 'parent', mother, 'relative', motherRef.who),
    await binding('fb_de0000000000000000000002', 'child', daughter, 'guardian', null),
    // scope (issue 13): the guardian binding carries the payer's commitment, confirmed by the household register.
    `INSERT INTO family_guardian_reviews (binding_id, status, commitment_version, commitment_text, committed_at,
      child_province, child_region, confirmed_by, reviewed_at, created_at) VALUES ('fb_de0000000000000000000002',
      'confirmed', ${q(GUARDIAN_COMMITMENT_VERSION)}, ${q(GUARDIAN_COMMITMENT_ZH).replace(/\n/g, "' || char(10) || '")},
      ${q(AT)}, '51', '510100', 'platform', ${q(AT)}, ${q(AT)}) ON CONFLICT (binding_id) DO NOTHING;`,
    ...DEMO_STANDARD.years.map(
      (year) =>
        `INSERT INTO region_figures (region, year, kind, value_json, doc_no, doc_title, issuer, issued_on, link, status,
          proposal_id, published_at) VALUES (${q(DEMO_STANDARD.region)}, ${year}, 'contribution',
          '${DEMO_STANDARD.amountFen}', '演示数据', ${q(DEMO_STANDARD.source)}, '本地演示', '2026-01-01', NULL,
          'demo', NULL, ${q(AT)}) ON CONFLICT (region, year, kind) DO UPDATE SET value_json = excluded.value_json,
          doc_title = excluded.doc_title, status = 'demo' WHERE region_figures.status = 'demo';`,
    ),
  )
  // One statement a line (a statement written over several lines here is joined); generate.ts lays them out.
  return lines.map((line) => line.replace(/\s*\n\s*/g, ' ')).join('\n') + '\n'
}
