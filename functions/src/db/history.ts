import type { D1Database } from '../env'
import type { GroupInput, HistoryEntryInput, HistoryItem } from '@canbao/shared/api/history'

/**
 * One stored year entry as the rules engine reads it (HistoryEntry, camelCase): the rows' snake_case stays in
 * this file (issue 18: domain types out of db/, SQL in db/).
 */
export type RecordEntry = Omit<HistoryItem, 'source'>

/** An insurance office's record of one year, with the importing office's scope and when it was imported. */
export interface OfficeRecord extends RecordEntry {
  scope: string
  updatedAt: string
}

export interface ResidentProfile {
  name: string
  idHash: string
  idMasked: string
  birthDate: string
  province: string
  region: string | null
  updatedAt: string
}

/** A resident contribution a bound relative paid through 家庭共济 and the platform confirmed. */
export interface FamilyPaid {
  year: number
  completedAt: string
}

export interface ResidentData {
  profile: ResidentProfile | null
  groups: GroupInput[]
  backPaidYears: number[]
  self: RecordEntry[]
  office: OfficeRecord[]
  family: FamilyPaid[]
}

export interface RecordRow {
  year: number
  scheme: 'resident' | 'employee'
  paid_on: string | null
  fund_paid_fen: number | null
  incentive_used: number | null
  ended_on: string | null
  /** self_records only (0041); office records hold one year each */
  programme_years?: number | null
}

export interface OfficeRecordRow extends RecordRow {
  scope: string
  updated_at: string
}

export interface ProfileRow {
  name: string
  id_hash: string
  id_masked: string
  birth_date: string
  province: string
  region: string | null
  updated_at: string
}

export const SELF_RECORD_COLUMNS = 'year, scheme, paid_on, fund_paid_fen, incentive_used, ended_on, programme_years'
export const OFFICE_RECORD_COLUMNS = 'year, scheme, paid_on, fund_paid_fen, incentive_used, ended_on, scope, updated_at'

/** A stored row as the engine's entry: absent, not null, where nothing was recorded. */
export function entryOf(row: RecordRow): RecordEntry {
  return {
    year: row.year,
    scheme: row.scheme,
    ...(row.paid_on !== null ? { paidOn: row.paid_on } : {}),
    ...(row.fund_paid_fen !== null ? { fundPaidFen: row.fund_paid_fen } : {}),
    ...(row.incentive_used !== null ? { incentiveUsed: row.incentive_used === 1 } : {}),
    ...(row.ended_on !== null ? { endedOn: row.ended_on } : {}),
    ...(row.programme_years != null ? { programmeYears: row.programme_years } : {}),
  }
}

export function officeRecordOf(row: OfficeRecordRow): OfficeRecord {
  return { ...entryOf(row), scope: row.scope, updatedAt: row.updated_at }
}

export function familyPaidOf(row: { year: number; completed_at: string }): FamilyPaid {
  return { year: row.year, completedAt: row.completed_at }
}

export function profileOf(row: ProfileRow): ResidentProfile {
  return {
    name: row.name,
    idHash: row.id_hash,
    idMasked: row.id_masked,
    birthDate: row.birth_date,
    province: row.province,
    region: row.region,
    updatedAt: row.updated_at,
  }
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
    db.prepare(`SELECT ${SELF_RECORD_COLUMNS} FROM self_records WHERE user_id = ?1 ORDER BY year, scheme`).bind(userId),
    db
      .prepare(
        `SELECT ${OFFICE_RECORD_COLUMNS} FROM office_records
         WHERE id_hash = (SELECT id_hash FROM profiles WHERE user_id = ?1 AND verified_at IS NOT NULL) ORDER BY year`,
      )
      .bind(userId),
    db
      .prepare(familyPaidSql('(SELECT id_hash FROM profiles WHERE user_id = ?1 AND verified_at IS NOT NULL)'))
      .bind(userId),
  ])
  const decl = (declarations?.results[0] ?? null) as { groups_json: string; back_paid_years_json: string } | null
  const profileRow = (profile?.results[0] ?? null) as ProfileRow | null
  return {
    profile: profileRow === null ? null : profileOf(profileRow),
    groups: parseJsonArray<GroupInput>(decl?.groups_json),
    backPaidYears: parseJsonArray<number>(decl?.back_paid_years_json),
    self: ((self?.results ?? []) as RecordRow[]).map(entryOf),
    office: ((office?.results ?? []) as OfficeRecordRow[]).map(officeRecordOf),
    family: ((family?.results ?? []) as { year: number; completed_at: string }[]).map(familyPaidOf),
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
      e.programmeYears ?? null,
    ]),
  )
  await db.batch([
    db.prepare('DELETE FROM self_records WHERE user_id = ?1').bind(userId),
    db
      .prepare(
        `INSERT INTO self_records (user_id, ${SELF_RECORD_COLUMNS})
         SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
                json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]'),
                json_extract(value, '$[6]')
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
