import type { D1Database } from '../env'
import { newUserId } from '../lib/ids'

export interface UserRow {
  id: string
  role: 'resident' | 'office'
  office_province: string | null
  office_region: string | null
}

export interface UserWithProfileRow extends UserRow {
  name: string | null
  id_masked: string | null
  birth_date: string | null
  province: string | null
  region: string | null
  updated_at: string | null
  verified_at: string | null
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

export async function getUserWithProfile(db: D1Database, userId: string): Promise<UserWithProfileRow | null> {
  return db
    .prepare(
      `SELECT u.id, u.role, u.office_province, u.office_region,
              p.name, p.id_masked, p.birth_date, p.province, p.region, p.updated_at, p.verified_at
       FROM users u LEFT JOIN profiles p ON p.user_id = u.id
       WHERE u.id = ?1 AND u.deleted_at IS NULL`,
    )
    .bind(userId)
    .first<UserWithProfileRow>()
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
