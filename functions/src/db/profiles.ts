import type { D1Database } from '../env'

export interface ProfileRecord {
  name: string
  idEnc: string
  idHash: string
  idMasked: string
  birthDate: string
  province: string
  region: string | null
}

export type SaveProfileResult = { ok: true } | { ok: false; reason: 'id-bound-elsewhere' }

/** Creates or replaces the caller's profile; an ID number belongs to at most one account. */
export async function saveProfile(db: D1Database, userId: string, p: ProfileRecord, now: string): Promise<SaveProfileResult> {
  try {
    await db
      .prepare(
        `INSERT INTO profiles (user_id, name, id_enc, id_hash, id_masked, birth_date, province, region, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, id_enc = excluded.id_enc,
           id_hash = excluded.id_hash, id_masked = excluded.id_masked, birth_date = excluded.birth_date,
           province = excluded.province, region = excluded.region, updated_at = excluded.updated_at`,
      )
      .bind(userId, p.name, p.idEnc, p.idHash, p.idMasked, p.birthDate, p.province, p.region, now)
      .run()
    return { ok: true }
  } catch (err) {
    if (err instanceof Error && /UNIQUE constraint failed: profiles\.id_hash/.test(err.message)) {
      return { ok: false, reason: 'id-bound-elsewhere' }
    }
    throw err
  }
}
