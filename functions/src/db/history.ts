import type { D1Database } from '../env'
import type { GroupInput, HistoryEntryInput } from '@canbao/shared/api/history'

export interface RecordRow {
  year: number
  scheme: 'resident' | 'employee'
  paid_on: string | null
  fund_paid_fen: number | null
  incentive_used: number | null
  ended_on: string | null
}

export interface OfficeRecordRow extends RecordRow {
  scope: string
  updated_at: string
}

export interface ResidentProfileRow {
  name: string
  id_hash: string
  id_masked: string
  birth_date: string
  province: string
  region: string | null
  updated_at: string
}

/** A resident contribution a bound relative paid through 家庭共济 and the platform confirmed. */
export interface FamilyPaidRow {
  year: number
  completed_at: string
}

export interface ResidentData {
  profile: ResidentProfileRow | null
  groups: GroupInput[]
  backPaidYears: number[]
  self: RecordRow[]
  office: OfficeRecordRow[]
  family: FamilyPaidRow[]
}

/**
 * Payments are keyed by the payee's ID hash, not by an account: a child paid for before having signed in
 * sees those years as soon as their profile carries the same ID number.
 */
export function familyPaidSql(payeeIdHash: string, alsoWhere = 'TRUE'): string {
  return `SELECT year, completed_at FROM family_payments
    WHERE payee_id_hash = ${payeeIdHash} AND item = 'resident-contribution' AND status = 'succeeded' AND completed_at IS NOT NULL
      AND ${alsoWhere} ORDER BY year`
}

const RECORD_COLUMNS = 'year, scheme, paid_on, fund_paid_fen, incentive_used, ended_on'

function parseJsonArray<T>(text: string | null | undefined): T[] {
  if (!text) return []
  try {
    const value: unknown = JSON.parse(text)
    return Array.isArray(value) ? (value as T[]) : []
  } catch {
    return []
  }
}

/**
 * Everything the history and entitlement answers need, in one round trip. Office records and family payments
 * are found by ID hash, so they attach only to a verified profile: an unverified one is whatever someone
 * typed, and sees only its own declarations.
 */
export async function loadResidentData(db: D1Database, userId: string): Promise<ResidentData> {
  const [profile, declarations, self, office, family] = await db.batch([
    db
      .prepare(
        'SELECT name, id_hash, id_masked, birth_date, province, region, updated_at FROM profiles WHERE user_id = ?1',
      )
      .bind(userId),
    db.prepare('SELECT groups_json, back_paid_years_json FROM declarations WHERE user_id = ?1').bind(userId),
    db.prepare(`SELECT ${RECORD_COLUMNS} FROM self_records WHERE user_id = ?1 ORDER BY year`).bind(userId),
    db
      .prepare(
        `SELECT ${RECORD_COLUMNS}, scope, updated_at FROM office_records
         WHERE id_hash = (SELECT id_hash FROM profiles WHERE user_id = ?1 AND verified_at IS NOT NULL) ORDER BY year`,
      )
      .bind(userId),
    db
      .prepare(familyPaidSql('(SELECT id_hash FROM profiles WHERE user_id = ?1 AND verified_at IS NOT NULL)'))
      .bind(userId),
  ])
  const decl = (declarations?.results[0] ?? null) as { groups_json: string; back_paid_years_json: string } | null
  return {
    profile: (profile?.results[0] ?? null) as ResidentProfileRow | null,
    groups: parseJsonArray<GroupInput>(decl?.groups_json),
    backPaidYears: parseJsonArray<number>(decl?.back_paid_years_json),
    self: (self?.results ?? []) as RecordRow[],
    office: (office?.results ?? []) as OfficeRecordRow[],
    family: (family?.results ?? []) as FamilyPaidRow[],
  }
}

/** Replaces the caller's self-declared history atomically (one D1 batch = one transaction). */
export async function replaceSelfHistory(
  db: D1Database,
  userId: string,
  history: readonly HistoryEntryInput[],
  groups: readonly GroupInput[],
  backPaidYears: readonly number[],
  now: string,
): Promise<void> {
  // One JSON parameter carries every row, so the statement count does not grow with the history.
  const rows = JSON.stringify(
    history.map((e) => [
      e.year,
      e.scheme,
      e.paidOn ?? null,
      e.fundPaidFen ?? null,
      e.incentiveUsed === undefined ? null : e.incentiveUsed ? 1 : 0,
      e.endedOn ?? null,
    ]),
  )
  await db.batch([
    db.prepare('DELETE FROM self_records WHERE user_id = ?1').bind(userId),
    db
      .prepare(
        `INSERT INTO self_records (user_id, ${RECORD_COLUMNS})
         SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
                json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]')
         FROM json_each(?2)`,
      )
      .bind(userId, rows),
    db
      .prepare(
        `INSERT INTO declarations (user_id, groups_json, back_paid_years_json, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (user_id) DO UPDATE SET groups_json = excluded.groups_json,
           back_paid_years_json = excluded.back_paid_years_json, updated_at = excluded.updated_at`,
      )
      .bind(userId, JSON.stringify(groups), JSON.stringify([...backPaidYears].sort((a, b) => a - b)), now),
  ])
}
