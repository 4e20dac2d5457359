import type { D1Database } from '../env'
import { camelAll, rowsOf } from './rows'
import {
  OFFICE_RECORD_COLUMNS,
  SELF_RECORD_COLUMNS,
  entryOf,
  familyPaidOf,
  familyPaidSql,
  officeRecordOf,
  profileOf,
  type FamilyPaid,
  type OfficeRecord,
  type OfficeRecordRow,
  type ProfileRow,
  type RecordEntry,
  type RecordRow,
  type ResidentProfile,
} from './history'

/**
 * SQL condition: a verified profile (alias p) inside an office's area. Unverified profiles are self-declared
 * (anyone may type any ID number), so an office never takes one for the person.
 */
const PROFILE_IN_SCOPE = `p.verified_at IS NOT NULL AND p.province = ?2 AND (?3 IS NULL OR p.region = ?3)`

export interface OfficeView {
  profile: (ResidentProfile & { userId: string }) | null
  /** the resident's own declarations and every office's records: shown only when the profile is in scope */
  self: RecordEntry[]
  office: OfficeRecord[]
  backPaidYears: string | null
  groups: string | null
  /** this office's own records of the person, for people outside its area or without an account */
  ownRecords: (OfficeRecord & { idMasked: string })[]
  /** resident contributions relatives paid through 家庭共济: shown only when the profile is in scope */
  family: FamilyPaid[]
}

/**
 * What an office may see of one person (by ID hash): the full merged history when the person's profile is in
 * its area, otherwise only the records it imported itself. Everything in one round trip.
 */
export async function officeViewOf(
  db: D1Database,
  idHash: string,
  province: string,
  region: string | null,
  scopeLike: string,
): Promise<OfficeView> {
  const [profile, self, office, declarations, own, family] = await db.batch([
    db
      .prepare(
        `SELECT p.user_id, p.name, p.id_hash, p.id_masked, p.birth_date, p.province, p.region, p.updated_at
          FROM profiles p WHERE p.id_hash = ?1 AND ${PROFILE_IN_SCOPE}`,
      )
      .bind(idHash, province, region),
    db
      .prepare(
        `SELECT ${SELF_RECORD_COLUMNS} FROM self_records WHERE user_id = (SELECT p.user_id FROM profiles p
          WHERE p.id_hash = ?1 AND ${PROFILE_IN_SCOPE}) ORDER BY year, scheme`,
      )
      .bind(idHash, province, region),
    db
      .prepare(
        `SELECT ${OFFICE_RECORD_COLUMNS} FROM office_records WHERE id_hash = ?1 AND EXISTS (SELECT 1 FROM profiles p
          WHERE p.id_hash = ?1 AND ${PROFILE_IN_SCOPE}) ORDER BY year`,
      )
      .bind(idHash, province, region),
    db
      .prepare(
        `SELECT groups_json, back_paid_years_json FROM declarations WHERE user_id = (SELECT p.user_id FROM profiles p
          WHERE p.id_hash = ?1 AND ${PROFILE_IN_SCOPE})`,
      )
      .bind(idHash, province, region),
    db
      .prepare(
        `SELECT ${OFFICE_RECORD_COLUMNS}, id_masked FROM office_records WHERE id_hash = ?1 AND scope LIKE ?2
          ORDER BY year`,
      )
      .bind(idHash, scopeLike),
    db
      .prepare(familyPaidSql('?1', `EXISTS (SELECT 1 FROM profiles p WHERE p.id_hash = ?1 AND ${PROFILE_IN_SCOPE})`))
      .bind(idHash, province, region),
  ])
  const decl = rowsOf<{ groupsJson: string; backPaidYearsJson: string }>(declarations)[0] ?? null
  const profileRow = rowsOf<ProfileRow & { userId: string }>(profile)[0] ?? null
  return {
    profile: profileRow === null ? null : { ...profileOf(profileRow), userId: profileRow.userId },
    self: rowsOf<RecordRow>(self).map(entryOf),
    office: rowsOf<OfficeRecordRow>(office).map(officeRecordOf),
    groups: decl?.groupsJson ?? null,
    backPaidYears: decl?.backPaidYearsJson ?? null,
    ownRecords: rowsOf<OfficeRecordRow & { idMasked: string }>(own).map((row) => ({
      ...officeRecordOf(row),
      idMasked: row.idMasked,
    })),
    family: rowsOf<{ year: number; completedAt: string }>(family).map(familyPaidOf),
  }
}

export interface ResidentListRow {
  idHash: string
  idMasked: string
  name: string
  birthDate: string
  region: string | null
}

export async function listResidentsInScope(
  db: D1Database,
  province: string,
  region: string | null,
  after: string,
  limit: number,
): Promise<ResidentListRow[]> {
  const { results } = await db
    .prepare(
      `SELECT p.id_hash, p.id_masked, p.name, p.birth_date, p.region FROM profiles p
       WHERE p.id_hash > ?1 AND ${PROFILE_IN_SCOPE} ORDER BY p.id_hash LIMIT ?4`,
    )
    .bind(after, province, region, limit)
    .all<ResidentListRow>()
    .then(camelAll)
  return results
}
