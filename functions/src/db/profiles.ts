import type { D1Database } from '../env'
import { camelRow } from './rows'

export interface ProfileRecord {
  name: string
  idEnc: string
  idHash: string
  idMasked: string
  birthDate: string
  province: string
  region: string | null
}

export interface ConsentRecord {
  version: string
  text: string
}

/**
 * Creates or replaces the caller's profile with the consent it was given under, in one transaction. Any number
 * of accounts may declare the same ID number (nothing tells a caller whether it is taken); only a verified
 * profile holds it. Changing the name or ID number ends the verification: the face check proved a person, not
 * whatever is typed afterwards.
 */
export async function saveProfile(
  db: D1Database,
  userId: string,
  p: ProfileRecord,
  consent: ConsentRecord,
  now: string,
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `INSERT INTO consents (user_id, purpose, version, text, given_at) VALUES (?1, 'sensitive-pi', ?2, ?3, ?4)
         ON CONFLICT (user_id, purpose) DO UPDATE SET version = excluded.version, text = excluded.text,
           given_at = excluded.given_at
         WHERE consents.version <> excluded.version`,
      )
      .bind(userId, consent.version, consent.text, now),
    db
      .prepare(
        `INSERT INTO profiles (user_id, name, id_enc, id_hash, id_masked, birth_date, province, region, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (user_id) DO UPDATE SET
           verified_at = CASE WHEN profiles.id_hash = excluded.id_hash
             AND profiles.name = excluded.name THEN profiles.verified_at END,
           name = excluded.name, id_enc = excluded.id_enc,
           id_hash = excluded.id_hash, id_masked = excluded.id_masked, birth_date = excluded.birth_date,
           province = excluded.province, region = excluded.region, updated_at = excluded.updated_at`,
      )
      .bind(userId, p.name, p.idEnc, p.idHash, p.idMasked, p.birthDate, p.province, p.region, now),
  ])
}

export async function consentOf(db: D1Database, userId: string): Promise<{ version: string; givenAt: string } | null> {
  return db
    .prepare(`SELECT version, given_at FROM consents WHERE user_id = ?1 AND purpose = 'sensitive-pi'`)
    .bind(userId)
    .first<{ version: string; givenAt: string }>()
    .then(camelRow)
}
