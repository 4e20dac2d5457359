import type { D1Database } from '../env'
import { newUserId } from '../lib/ids'

export interface UserRow {
  id: string
  role: 'resident' | 'office'
  office_province: string | null
  office_region: string | null
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
        id_masked: string | null
        birth_date: string | null
        province: string | null
        region: string | null
        updated_at: string | null
        verified_at: string | null
      }
    >()
  if (!row) return null
  // The LEFT JOIN gives all-null profile columns when there is none; the NOT NULL columns tell.
  const hasProfile =
    row.name !== null &&
    row.id_masked !== null &&
    row.birth_date !== null &&
    row.province !== null &&
    row.updated_at !== null
  return {
    id: row.id,
    role: row.role,
    officeProvince: row.office_province,
    officeRegion: row.office_region,
    profile: hasProfile
      ? {
          name: row.name as string,
          idMasked: row.id_masked as string,
          birthDate: row.birth_date as string,
          province: row.province as string,
          region: row.region,
          updatedAt: row.updated_at as string,
          verifiedAt: row.verified_at,
        }
      : null,
  }
}

export async function getUser(db: D1Database, userId: string): Promise<UserRow | null> {
  return db
    .prepare('SELECT id, role, office_province, office_region FROM users WHERE id = ?1 AND deleted_at IS NULL')
    .bind(userId)
    .first<UserRow>()
}

export async function openidOf(db: D1Database, userId: string): Promise<string | null> {
  const row = await db
    .prepare('SELECT openid FROM users WHERE id = ?1 AND deleted_at IS NULL')
    .bind(userId)
    .first<{ openid: string }>()
  return row?.openid ?? null
}
