import type { D1Database } from '../env'
import { camelRow } from './rows'
import { newUserId } from '../lib/ids'

export interface UserRow {
  id: string
  role: 'resident' | 'office'
  officeProvince: string | null
  officeRegion: string | null
}

/** An account with its office scope and its profile, if it has one (the sign-in and /me answers). */
export interface UserWithProfile {
  id: string
  role: 'resident' | 'office'
  officeProvince: string | null
  officeRegion: string | null
  profile: StoredProfile | null
}

/** What a profile holds that its owner may read back (the ID number only masked). */
export interface StoredProfile {
  name: string
  idMasked: string
  birthDate: string
  province: string
  region: string | null
  updatedAt: string
  verifiedAt: string | null
}

/** Sign-in: the account of this openid, created on first sight. */
export async function upsertUserByOpenid(
  db: D1Database,
  openid: string,
  unionid: string | null,
  now: string,
): Promise<UserRow> {
  const row = await db
    .prepare(
      `INSERT INTO users (id, openid, unionid, created_at, last_login_at) VALUES (?1, ?2, ?3, ?4, ?4)
       ON CONFLICT (openid) DO UPDATE SET last_login_at = excluded.last_login_at,
         unionid = COALESCE(excluded.unionid, users.unionid)
       RETURNING id, role, office_province, office_region`,
    )
    .bind(newUserId(), openid, unionid, now)
    .first<UserRow>()
    .then(camelRow)
  if (!row) throw new Error('user upsert returned no row')
  return row
}

export async function getUserWithProfile(db: D1Database, userId: string): Promise<UserWithProfile | null> {
  const row = await db
    .prepare(
      `SELECT u.id, u.role, u.office_province, u.office_region,
              p.name, p.id_masked, p.birth_date, p.province, p.region, p.updated_at, p.verified_at
       FROM users u LEFT JOIN profiles p ON p.user_id = u.id
       WHERE u.id = ?1 AND u.deleted_at IS NULL`,
    )
    .bind(userId)
    .first<
      UserRow & {
        name: string | null
        idMasked: string | null
        birthDate: string | null
        province: string | null
        region: string | null
        updatedAt: string | null
        verifiedAt: string | null
      }
    >()
    .then(camelRow)
  if (!row) return null
  // The LEFT JOIN gives all-null profile columns when there is none; the NOT NULL columns tell.
  const hasProfile =
    row.name !== null &&
    row.idMasked !== null &&
    row.birthDate !== null &&
    row.province !== null &&
    row.updatedAt !== null
  return {
    id: row.id,
    role: row.role,
    officeProvince: row.officeProvince,
    officeRegion: row.officeRegion,
    profile: hasProfile
      ? {
          name: row.name as string,
          idMasked: row.idMasked as string,
          birthDate: row.birthDate as string,
          province: row.province as string,
          region: row.region,
          updatedAt: row.updatedAt as string,
          verifiedAt: row.verifiedAt,
        }
      : null,
  }
}

export async function getUser(db: D1Database, userId: string): Promise<UserRow | null> {
  return db
    .prepare('SELECT id, role, office_province, office_region FROM users WHERE id = ?1 AND deleted_at IS NULL')
    .bind(userId)
    .first<UserRow>()
    .then(camelRow)
}

export async function openidOf(db: D1Database, userId: string): Promise<string | null> {
  const row = await db
    .prepare('SELECT openid FROM users WHERE id = ?1 AND deleted_at IS NULL')
    .bind(userId)
    .first<{ openid: string }>()
    .then(camelRow)
  return row?.openid ?? null
}
