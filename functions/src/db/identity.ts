import type { D1Database } from '../env'
import { camelAll, camelRow } from './rows'
import { randomHex } from '../lib/ids'

export interface FaceVerificationRow {
  outSeqNo: string
  userId: string
  verifyId: string
  subjectHash: string
  startedAt: string
  expiresAt: string
  finishedAt: string | null
  verifyRet: number | null
}

export async function recordVerificationStart(
  db: D1Database,
  row: Omit<FaceVerificationRow, 'finishedAt' | 'verifyRet'>,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO face_verifications (out_seq_no, user_id, verify_id, subject_hash, started_at, expires_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6)`,
    )
    .bind(row.outSeqNo, row.userId, row.verifyId, row.subjectHash, row.startedAt, row.expiresAt)
    .run()
}

/** The caller's own open face check with this verify_id; another account's id finds nothing. */
export async function openVerification(
  db: D1Database,
  userId: string,
  verifyId: string,
): Promise<FaceVerificationRow | null> {
  return db
    .prepare(
      `SELECT * FROM face_verifications WHERE user_id = ?1 AND verify_id = ?2 AND finished_at IS NULL
        ORDER BY started_at DESC LIMIT 1`,
    )
    .bind(userId, verifyId)
    .first<FaceVerificationRow>()
    .then(camelRow)
}

export async function finishVerification(
  db: D1Database,
  outSeqNo: string,
  verifyRet: number,
  now: string,
): Promise<void> {
  await db
    .prepare('UPDATE face_verifications SET finished_at = ?2, verify_ret = ?3 WHERE out_seq_no = ?1')
    .bind(outSeqNo, now, verifyRet)
    .run()
}

/**
 * The face check proved that this account's holder is the person of this ID number. Any other account that
 * held the number verified loses it (and is told on its next visit); then this profile becomes the one verified
 * holder. One transaction, so the one-verified-per-ID index never sees two. Returns how many accounts lost it.
 */
export async function markVerified(
  db: D1Database,
  userId: string,
  idHash: string,
  outSeqNo: string,
  verifyRet: number,
  now: string,
): Promise<number> {
  const [, taken] = await db.batch([
    db
      .prepare('UPDATE face_verifications SET finished_at = ?2, verify_ret = ?3 WHERE out_seq_no = ?1')
      .bind(outSeqNo, now, verifyRet),
    db
      .prepare(
        `INSERT INTO account_notices (user_id, kind, created_at)
         SELECT user_id, 'id-taken-over', ?3 FROM profiles WHERE id_hash = ?1 AND user_id <> ?2
           AND verified_at IS NOT NULL`,
      )
      .bind(idHash, userId, now),
    db
      .prepare(
        'UPDATE profiles SET verified_at = NULL WHERE id_hash = ?1 AND user_id <> ?2 AND verified_at IS NOT NULL',
      )
      .bind(idHash, userId),
    db.prepare('UPDATE profiles SET verified_at = ?3 WHERE user_id = ?1 AND id_hash = ?2').bind(userId, idHash, now),
  ])
  return taken?.meta.changes ?? 0
}

export interface NoticeRow {
  kind: 'id-taken-over'
  createdAt: string
}

export async function noticesOf(db: D1Database, userId: string): Promise<NoticeRow[]> {
  const { results } = await db
    .prepare('SELECT kind, created_at FROM account_notices WHERE user_id = ?1 ORDER BY id')
    .bind(userId)
    .all<NoticeRow>()
    .then(camelAll)
  return results
}

export async function dismissNotices(db: D1Database, userId: string): Promise<void> {
  await db.prepare('DELETE FROM account_notices WHERE user_id = ?1').bind(userId).run()
}

/**
 * 注销: removes everything personal of the account in one transaction. What stays: the family ledger and
 * payment receipts (financial records that must be kept), now pointing at a tombstone whose openid is replaced
 * by a random pseudonym, and office records (they belong to the office). Every session ends with it.
 */
export async function deleteAccount(db: D1Database, userId: string, now: string): Promise<void> {
  const pseudonym = `deleted:${randomHex(16)}`
  await db.batch([
    db.prepare('DELETE FROM sessions WHERE user_id = ?1').bind(userId),
    db.prepare('DELETE FROM profiles WHERE user_id = ?1').bind(userId),
    db.prepare('DELETE FROM declarations WHERE user_id = ?1').bind(userId),
    db.prepare('DELETE FROM self_records WHERE user_id = ?1').bind(userId),
    db.prepare('DELETE FROM reminder_deliveries WHERE user_id = ?1').bind(userId),
    db.prepare('DELETE FROM reminder_subscriptions WHERE user_id = ?1').bind(userId),
    db.prepare('DELETE FROM consents WHERE user_id = ?1').bind(userId),
    db.prepare('DELETE FROM face_verifications WHERE user_id = ?1').bind(userId),
    db.prepare('DELETE FROM account_notices WHERE user_id = ?1').bind(userId),
    db.prepare('DELETE FROM family_accounts WHERE payer_user_id = ?1').bind(userId),
    // guardian reviews (scope, migration 0035): an open one goes with its binding below (it references it); a
    // decided one stays as the record of who committed and who confirmed, without the household page
    db
      .prepare(
        `DELETE FROM family_guardian_reviews WHERE binding_id IN (SELECT b.id FROM family_bindings b
          WHERE b.payer_user_id = ?1 AND b.status = 'invited'
           AND NOT EXISTS (SELECT 1 FROM family_payments f WHERE f.binding_id = b.id))`,
      )
      .bind(userId),
    db
      .prepare(
        `UPDATE family_guardian_reviews SET proof_enc = NULL WHERE binding_id IN (SELECT id FROM family_bindings
          WHERE payer_user_id = ?1)`,
      )
      .bind(userId),
    // open invitations: nothing was ever paid on them
    db
      .prepare(
        `DELETE FROM family_bindings WHERE payer_user_id = ?1 AND status = 'invited'
           AND NOT EXISTS (SELECT 1 FROM family_payments f WHERE f.binding_id = family_bindings.id)`,
      )
      .bind(userId),
    // active bindings end: as payer no further payments, as relative the consent is withdrawn
    db
      .prepare(
        `UPDATE family_bindings SET status = 'unbound', unbound_at = ?2, unbound_by = 'payer' WHERE payer_user_id = ?1
          AND status IN ('invited', 'active')`,
      )
      .bind(userId, now),
    db
      .prepare(
        `UPDATE family_bindings SET status = 'unbound', unbound_at = COALESCE(unbound_at, ?2),
          unbound_by = COALESCE(unbound_by, 'relative'), relative_user_id = NULL WHERE relative_user_id = ?1`,
      )
      .bind(userId, now),
    db
      .prepare(
        `UPDATE users SET openid = ?2, unionid = NULL, role = 'resident', office_province = NULL, office_region = NULL,
          deleted_at = ?3 WHERE id = ?1`,
      )
      .bind(userId, pseudonym, now),
  ])
}

/** Everything stored about one account, for 导出我的数据. ID numbers stay masked (see the route). */
export async function exportRows(db: D1Database, userId: string) {
  const [
    user,
    profile,
    consent,
    declarations,
    self,
    office,
    familyPaid,
    subscriptions,
    bindingsAsPayer,
    bindingsAsRelative,
    payments,
    ledger,
    sessions,
    verifications,
    notices,
    guardianReviews,
    officeReads,
  ] = await db.batch([
    db
      .prepare('SELECT id, role, office_province, office_region, created_at, last_login_at FROM users WHERE id = ?1')
      .bind(userId),
    db
      .prepare(
        `SELECT name, id_masked, birth_date, province, region, updated_at, verified_at FROM profiles
          WHERE user_id = ?1`,
      )
      .bind(userId),
    db.prepare('SELECT purpose, version, text, given_at FROM consents WHERE user_id = ?1').bind(userId),
    db
      .prepare('SELECT groups_json, back_paid_years_json, updated_at FROM declarations WHERE user_id = ?1')
      .bind(userId),
    db
      .prepare(
        `SELECT year, scheme, paid_on, fund_paid_fen, incentive_used, ended_on, programme_years FROM self_records
          WHERE user_id = ?1 ORDER BY year, scheme`,
      )
      .bind(userId),
    db
      .prepare(
        `SELECT year, scope, scheme, paid_on, fund_paid_fen, incentive_used, ended_on, updated_at FROM office_records
           WHERE id_hash = (SELECT id_hash FROM profiles WHERE user_id = ?1 AND verified_at IS NOT NULL) ORDER BY year`,
      )
      .bind(userId),
    db
      .prepare(
        `SELECT year, item, amount_fen, completed_at FROM family_payments WHERE status = 'succeeded'
           AND payee_id_hash = (SELECT id_hash FROM profiles WHERE user_id = ?1 AND verified_at IS NOT NULL)
             ORDER BY year`,
      )
      .bind(userId),
    db
      .prepare(
        `SELECT kind, allowance, enabled, last_result, last_result_at, updated_at FROM reminder_subscriptions
          WHERE user_id = ?1`,
      )
      .bind(userId),
    db
      .prepare(
        `SELECT id, relationship, relative_name, relative_id_masked, relative_province, relative_region, status,
          consent_kind, consented_at, invited_at, unbound_at
           FROM family_bindings WHERE payer_user_id = ?1 ORDER BY invited_at`,
      )
      .bind(userId),
    db
      .prepare(
        `SELECT id, relationship, status, consent_kind, consented_at, unbound_at FROM family_bindings
          WHERE relative_user_id = ?1`,
      )
      .bind(userId),
    db
      .prepare(
        `SELECT id, binding_id, year, item, amount_fen, amount_source, status, failure_reason, transfer_no, created_at,
          completed_at FROM family_payments WHERE payer_user_id = ?1 ORDER BY created_at`,
      )
      .bind(userId),
    db
      .prepare(
        `SELECT kind, payment_id, amount_fen, balance_after_fen, source, created_at FROM family_ledger
          WHERE payer_user_id = ?1 ORDER BY seq`,
      )
      .bind(userId),
    db
      .prepare('SELECT issued_at, expires_at, revoked_at FROM sessions WHERE user_id = ?1 ORDER BY issued_at')
      .bind(userId),
    db
      .prepare(
        'SELECT started_at, finished_at, verify_ret FROM face_verifications WHERE user_id = ?1 ORDER BY started_at',
      )
      .bind(userId),
    db.prepare('SELECT kind, created_at FROM account_notices WHERE user_id = ?1 ORDER BY id').bind(userId),
    // The 监护人承诺书 I accepted and the household checks of my bindings: the uploaded page itself stays
    // sealed (its type, size and time are listed), the reviewing clerk is named by area only.
    db
      .prepare(
        `SELECT r.binding_id, r.status, r.commitment_version, r.commitment_text, r.committed_at, r.confirmed_by,
                  r.proof_type, r.proof_bytes, r.proof_uploaded_at, r.reviewed_at, r.refusal_reason
           FROM family_guardian_reviews r JOIN family_bindings b ON b.id = r.binding_id
           WHERE b.payer_user_id = ?1 ORDER BY r.created_at`,
      )
      .bind(userId),
    // Which office areas looked me up, and when (PIPL: the person may know who processed their data).
    db
      .prepare(
        `SELECT office_scope, route, at FROM office_audit
           WHERE id_hash = (SELECT id_hash FROM profiles WHERE user_id = ?1 AND verified_at IS NOT NULL) ORDER BY seq`,
      )
      .bind(userId),
  ])
  const all = (r: { results?: unknown[] } | undefined) => (r?.results ?? []) as Record<string, unknown>[]
  return {
    user: all(user)[0] ?? null,
    profile: all(profile)[0] ?? null,
    consents: all(consent),
    declarations: all(declarations)[0] ?? null,
    selfRecords: all(self),
    officeRecords: all(office),
    familyPaidForMe: all(familyPaid),
    reminderSubscriptions: all(subscriptions),
    familyBindingsAsPayer: all(bindingsAsPayer),
    familyBindingsAsRelative: all(bindingsAsRelative),
    familyPayments: all(payments),
    familyLedger: all(ledger),
    sessions: all(sessions),
    faceVerifications: all(verifications),
    notices: all(notices),
    guardianCommitments: all(guardianReviews),
    officeReadsOfMe: all(officeReads),
  }
}
