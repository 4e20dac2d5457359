import type { D1Database } from '../env'
import { camelRow } from './rows'

export async function createSession(
  db: D1Database,
  id: string,
  userId: string,
  issuedAt: string,
  expiresAt: string,
): Promise<void> {
  await db
    .prepare('INSERT INTO sessions (id, user_id, issued_at, expires_at) VALUES (?1, ?2, ?3, ?4)')
    .bind(id, userId, issuedAt, expiresAt)
    .run()
}

export interface LiveSession {
  role: 'resident' | 'office'
}

/**
 * The session a token names, only if it is unrevoked, unexpired and its account still exists and is not
 * deleted. Role comes from the account, not the token: revoking an office grant takes effect at once.
 */
export async function liveSession(
  db: D1Database,
  sessionId: string,
  userId: string,
  now: string,
): Promise<LiveSession | null> {
  return db
    .prepare(
      `SELECT u.role FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = ?1 AND s.user_id = ?2 AND s.revoked_at IS NULL AND s.expires_at > ?3 AND u.deleted_at IS NULL`,
    )
    .bind(sessionId, userId, now)
    .first<LiveSession>()
    .then(camelRow)
}

export async function revokeSession(db: D1Database, sessionId: string, now: string): Promise<void> {
  await db
    .prepare('UPDATE sessions SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL')
    .bind(sessionId, now)
    .run()
}

/** Daily: sessions past their lifetime are of no use to anyone. */
export async function pruneSessions(db: D1Database, now: string): Promise<void> {
  await db.prepare('DELETE FROM sessions WHERE expires_at < ?1').bind(now).run()
}
