import type { D1Database } from '../env'
import { rowsOf } from './rows'
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
  paidOn: string | null
  fundPaidFen: number | null
  incentiveUsed: number | null
  endedOn: string | null
  /** self_records only (0041); office records hold one year each */
  programmeYears?: number | null
}

export interface OfficeRecordRow extends RecordRow {
  scope: string
  updatedAt: string
}

export interface ProfileRow {
  name: string
  idHash: string
  idMasked: string
  birthDate: string
  province: string
  region: string | null
  updatedAt: string
}

export const SELF_RECORD_COLUMNS = 'year, scheme, paid_on, fund_paid_fen, incentive_used, ended_on, programme_years'
export const OFFICE_RECORD_COLUMNS = 'year, scheme, paid_on, fund_paid_fen, incentive_used, ended_on, scope, updated_at'

/** A stored row as the engine's entry: absent, not null, where nothing was recorded. */
export function entryOf(row: RecordRow): RecordEntry {
  return {
    year: row.year,
    scheme: row.scheme,
    ...(row.paidOn !== null ? { paidOn: row.paidOn } : {}),
    ...(row.fundPaidFen !== null ? { fundPaidFen: row.fundPaidFen } : {}),
    ...(row.incentiveUsed !== null ? { incentiveUsed: row.incentiveUsed === 1 } : {}),
    ...(row.endedOn !== null ? { endedOn: row.endedOn } : {}),
    ...(row.programmeYears != null ? { programmeYears: row.programmeYears } : {}),
  }
}

export function officeRecordOf(row: OfficeRecordRow): OfficeRecord {
  return { ...entryOf(row), scope: row.scope, updatedAt: row.updatedAt }
}

export function familyPaidOf(row: { year: number; completedAt: string }): FamilyPaid {
  return { year: row.year, completedAt: row.completedAt }
}

export function profileOf(row: ProfileRow): ResidentProfile {
  return {
    name: row.name,
    idHash: row.idHash,
    idMasked: row.idMasked,
    birthDate: row.birthDate,
    province: row.province,
    region: row.region,
    updatedAt: row.updatedAt,
  }
}

/**
 * Payments are keyed by the payee's ID hash, not by an account: a child paid for before having signed in
 * sees those years as soon as their profile carries the same ID number.
 */
export function familyPaidSql(payeeIdHash: string, alsoWhere = 'TRUE'): string {
  return `SELECT year, completed_at FROM family_payments
    WHERE payee_id_hash = ${payeeIdHash} AND item = 'resident-contribution' AND status = 'succeeded'
      AND completed_at IS NOT NULL
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
  const decl = rowsOf<{ groupsJson: string; backPaidYearsJson: string }>(declarations)[0] ?? null
  const profileRow = rowsOf<ProfileRow>(profile)[0] ?? null
  return {
    profile: profileRow === null ? null : profileOf(profileRow),
    groups: parseJsonArray<GroupInput>(decl?.groupsJson),
    backPaidYears: parseJsonArray<number>(decl?.backPaidYearsJson),
    self: rowsOf<RecordRow>(self).map(entryOf),
    office: rowsOf<OfficeRecordRow>(office).map(officeRecordOf),
    family: rowsOf<{ year: number; completedAt: string }>(family).map(familyPaidOf),
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
