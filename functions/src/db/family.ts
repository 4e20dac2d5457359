// D1 access for family mutual aid. Every write that moves money is one D1 batch (one transaction), and each
// statement in it is conditional on the state the previous ones left, so no interleaving of requests can
// charge twice, overdraw, or lose a movement.

import type { D1Database } from '../env'
import { camelAll, camelRow, rowsOf } from './rows'
import type { FamilyItem, RegionStandard, Relationship } from '@canbao/shared/family/index'
import { figureCite } from '@canbao/shared/registry/figures'
import type { AuditActor } from './audit'

export interface BindingRow {
  id: string
  payerUserId: string
  relationship: Relationship
  relativeName: string
  relativeIdEnc: string
  relativeIdHash: string
  relativeIdMasked: string
  relativeBirthDate: string
  relativeProvince: string
  relativeRegion: string | null
  relativeUserId: string | null
  status: 'invited' | 'active' | 'unbound'
  consentKind: 'relative' | 'guardian' | null
  consentedAt: string | null
  inviteCodeHash: string | null
  inviteExpiresAt: string | null
  invitedAt: string
  unboundAt: string | null
  unboundBy: 'payer' | 'relative' | null
}

export interface AccountRow {
  payerUserId: string
  accountNo: string
  balanceFen: number
  syncedAt: string
  updatedAt: string
}

export interface LedgerRow {
  seq: number
  kind: 'opening' | 'debit' | 'reversal' | 'sync'
  paymentId: string | null
  amountFen: number
  balanceAfterFen: number
  createdAt: string
}

export interface PaymentRow {
  id: string
  payerUserId: string
  idempotencyKey: string
  requestHash: string
  bindingId: string
  payeeIdHash: string
  year: number
  item: FamilyItem
  amountFen: number
  amountSource: string
  status: 'pending' | 'succeeded' | 'failed'
  failureReason: string | null
  transferNo: string | null
  createdAt: string
  updatedAt: string
  completedAt: string | null
  checkAttempts: number
  nextCheckAt: string | null
}

const BINDING_COLUMNS = `id, payer_user_id, relationship, relative_name, relative_id_enc, relative_id_hash,
  relative_id_masked,
  relative_birth_date, relative_province, relative_region, relative_user_id, status, consent_kind, consented_at,
  invite_code_hash, invite_expires_at, invited_at, unbound_at, unbound_by`

// ---- bindings ----------------------------------------------------------------------------------------

export type InsertBindingResult = { ok: true } | { ok: false; reason: 'already-bound' }

function insertBindingStatement(db: D1Database, row: BindingRow) {
  return db
    .prepare(
      `INSERT INTO family_bindings (${BINDING_COLUMNS})
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)`,
    )
    .bind(
      row.id,
      row.payerUserId,
      row.relationship,
      row.relativeName,
      row.relativeIdEnc,
      row.relativeIdHash,
      row.relativeIdMasked,
      row.relativeBirthDate,
      row.relativeProvince,
      row.relativeRegion,
      row.relativeUserId,
      row.status,
      row.consentKind,
      row.consentedAt,
      row.inviteCodeHash,
      row.inviteExpiresAt,
      row.invitedAt,
      row.unboundAt,
      row.unboundBy,
    )
}

async function insertingBinding(run: () => Promise<unknown>): Promise<InsertBindingResult> {
  try {
    await run()
    return { ok: true }
  } catch (err) {
    if (err instanceof Error && /UNIQUE constraint failed: family_bindings\.payer_user_id/.test(err.message))
      return { ok: false, reason: 'already-bound' }
    throw err
  }
}

export async function insertBinding(db: D1Database, row: BindingRow): Promise<InsertBindingResult> {
  return insertingBinding(() => insertBindingStatement(db, row).run())
}

export async function getBinding(db: D1Database, id: string): Promise<BindingRow | null> {
  return db
    .prepare(`SELECT ${BINDING_COLUMNS} FROM family_bindings WHERE id = ?1`)
    .bind(id)
    .first<BindingRow>()
    .then(camelRow)
}

/** The payer's relatives, newest first; unbound ones only when asked (history). */
export async function listBindingsOfPayer(db: D1Database, payerUserId: string): Promise<BindingRow[]> {
  const { results } = await db
    .prepare(`SELECT ${BINDING_COLUMNS} FROM family_bindings WHERE payer_user_id = ?1 ORDER BY invited_at DESC, id`)
    .bind(payerUserId)
    .all<BindingRow>()
    .then(camelAll)
  return results
}

/** Bindings in which the signed-in user is the relative (accepted with their own sign-in). */
export async function listBindingsOfRelativeUser(
  db: D1Database,
  userId: string,
): Promise<(BindingRow & { payerName: string | null })[]> {
  const { results } = await db
    .prepare(
      `SELECT ${BINDING_COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1b.$2')}, p.name AS payer_name
       FROM family_bindings b LEFT JOIN profiles p ON p.user_id = b.payer_user_id
       WHERE b.relative_user_id = ?1 ORDER BY b.invited_at DESC`,
    )
    .bind(userId)
    .all<BindingRow & { payerName: string | null }>()
    .then(camelAll)
  return results
}

// ---- guardian bindings of children under 16 (issue 13, migration 0035) -------------------------------

export interface GuardianReviewRow {
  bindingId: string
  status: 'pending' | 'confirmed' | 'refused'
  commitmentVersion: string
  commitmentText: string
  committedAt: string
  childProvince: string
  childRegion: string | null
  confirmedBy: 'platform' | 'office' | null
  proofType: string | null
  proofBytes: number | null
  proofUploadedAt: string | null
  reviewerUserId: string | null
  reviewedAt: string | null
  refusalReason: string | null
  createdAt: string
}

const REVIEW_COLUMNS = `binding_id, status, commitment_version, commitment_text, committed_at, child_province,
  child_region, confirmed_by,
  proof_type, proof_bytes, proof_uploaded_at, reviewer_user_id, reviewed_at, refusal_reason, created_at`

/** The binding (still `invited`: it pays nothing) and its pending review with the commitment, in one transaction. */
export async function insertGuardianBinding(
  db: D1Database,
  row: BindingRow,
  commitment: { version: string; text: string },
): Promise<InsertBindingResult> {
  return insertingBinding(() =>
    db.batch([
      insertBindingStatement(db, row),
      db
        .prepare(
          `INSERT INTO family_guardian_reviews (binding_id, status, commitment_version, commitment_text, committed_at,
            child_province, child_region, created_at)
           VALUES (?1, 'pending', ?2, ?3, ?4, ?5, ?6, ?4)`,
        )
        .bind(row.id, commitment.version, commitment.text, row.invitedAt, row.relativeProvince, row.relativeRegion),
    ]),
  )
}

export async function reviewsOf(db: D1Database, bindingIds: readonly string[]): Promise<GuardianReviewRow[]> {
  if (bindingIds.length === 0) return []
  const { results } = await db
    .prepare(
      `SELECT ${REVIEW_COLUMNS} FROM family_guardian_reviews WHERE binding_id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(bindingIds))
    .all<GuardianReviewRow>()
    .then(camelAll)
  return results
}

/** How a pending guardian review is decided: confirmed (by the platform's register or an office) or refused. */
export type GuardianDecision =
  | { decision: 'confirm'; by: 'platform' | 'office'; reviewer: string | null }
  | { decision: 'refuse'; reviewer: string; reason: string }

/** The office entry an office's decision writes, in the decision's own transaction (no decision goes unrecorded). */
export interface ReviewAuditEntry {
  actor: AuditActor
  route: string
}

/**
 * pending → confirmed (the binding becomes active with guardian consent) or refused (the binding ends, unbound by
 * nobody's choice; nothing was paid), in one transaction; only a pending review of a still-invited binding changes.
 * Confirm and refuse differ only in the columns they set, so both go through the same three conditional statements.
 * False when nothing changed (already decided, or unbound meanwhile).
 */
export async function decideGuardian(
  db: D1Database,
  bindingId: string,
  d: GuardianDecision,
  now: string,
  audit: ReviewAuditEntry | null = null,
): Promise<boolean> {
  const status = d.decision === 'confirm' ? 'confirmed' : 'refused'
  const statements = [
    db
      .prepare(
        `UPDATE family_guardian_reviews
         SET status = ?2, confirmed_by = ?3, reviewer_user_id = ?4, reviewed_at = ?5, refusal_reason = ?6
         WHERE binding_id = ?1 AND status = 'pending'
           AND EXISTS (SELECT 1 FROM family_bindings b WHERE b.id = ?1 AND b.status = 'invited')`,
      )
      .bind(
        bindingId,
        status,
        d.decision === 'confirm' ? d.by : null,
        d.reviewer,
        now,
        d.decision === 'refuse' ? d.reason : null,
      ),
    db
      .prepare(
        `UPDATE family_bindings
         SET status = CASE ?3 WHEN 'confirmed' THEN 'active' ELSE 'unbound' END,
           consent_kind = CASE ?3 WHEN 'confirmed' THEN 'guardian' ELSE consent_kind END,
           consented_at = CASE ?3 WHEN 'confirmed' THEN ?2 ELSE consented_at END,
           unbound_at = CASE ?3 WHEN 'confirmed' THEN unbound_at ELSE ?2 END
         WHERE id = ?1 AND status = 'invited'
           AND EXISTS (SELECT 1 FROM family_guardian_reviews r
                       WHERE r.binding_id = ?1 AND r.status = ?3 AND r.reviewed_at = ?2)`,
      )
      .bind(bindingId, now, status),
  ]
  if (audit)
    // Written only when this request's decision took effect (same status and time): a decision that lost a race
    // to another clerk's leaves no entry.
    statements.push(
      db
        .prepare(
          `INSERT INTO office_audit (office_user_id, office_scope, id_hash, id_masked, route, at, subject, decision)
           SELECT ?2, ?3, b.relative_id_hash, b.relative_id_masked, ?4, ?5, ?1, ?6
           FROM family_guardian_reviews r JOIN family_bindings b ON b.id = r.binding_id
           WHERE r.binding_id = ?1 AND r.status = ?7 AND r.reviewed_at = ?5 AND r.reviewer_user_id IS ?2`,
        )
        .bind(bindingId, audit.actor.userId, audit.actor.scope, audit.route, now, d.decision, status),
    )
  const [review] = await db.batch(statements)
  return (review?.meta.changes ?? 0) > 0
}

/** Stores (or replaces) the household page of a pending review. False when the review is no longer pending. */
export async function storeHouseholdProof(
  db: D1Database,
  bindingId: string,
  sealed: Uint8Array,
  type: string,
  bytes: number,
  now: string,
): Promise<boolean> {
  const res = await db
    .prepare(
      `UPDATE family_guardian_reviews SET proof_enc = ?2, proof_type = ?3, proof_bytes = ?4, proof_uploaded_at = ?5
       WHERE binding_id = ?1 AND status = 'pending'`,
    )
    .bind(bindingId, sealed, type, bytes, now)
    .run()
  return res.meta.changes > 0
}

export async function householdProof(
  db: D1Database,
  bindingId: string,
): Promise<{ proofEnc: ArrayBuffer | number[]; proofType: string } | null> {
  return db
    .prepare(
      `SELECT proof_enc, proof_type FROM family_guardian_reviews WHERE binding_id = ?1 AND proof_enc IS NOT NULL`,
    )
    .bind(bindingId)
    .first<{ proofEnc: ArrayBuffer | number[]; proofType: string }>()
    .then(camelRow)
}

export interface ReviewQueueRow extends GuardianReviewRow {
  relativeName: string
  relativeIdHash: string
  relativeIdMasked: string
  relativeBirthDate: string
  relationship: Relationship
  payerName: string | null
  payerIdMasked: string | null
}

/** Pending reviews with an uploaded page, of children in an area (a province, or one prefecture of it). */
export async function reviewQueue(
  db: D1Database,
  province: string,
  region: string | null,
  limit: number,
): Promise<ReviewQueueRow[]> {
  const { results } = await db
    .prepare(
      `SELECT ${REVIEW_COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1r.$2')}, b.relative_name, b.relative_id_hash,
        b.relative_id_masked, b.relative_birth_date,
         b.relationship, p.name AS payer_name, p.id_masked AS payer_id_masked
       FROM family_guardian_reviews r JOIN family_bindings b ON b.id = r.binding_id
         LEFT JOIN profiles p ON p.user_id = b.payer_user_id
       WHERE r.child_province = ?1 AND (?2 IS NULL OR r.child_region = ?2) AND r.status = 'pending'
         AND r.proof_uploaded_at IS NOT NULL
         AND b.status = 'invited'
       ORDER BY r.proof_uploaded_at LIMIT ?3`,
    )
    .bind(province, region, limit)
    .all<ReviewQueueRow>()
    .then(camelAll)
  return results
}

/** One review as an office of the child's area sees it; null outside the area. */
export async function reviewInArea(
  db: D1Database,
  bindingId: string,
  province: string,
  region: string | null,
): Promise<(GuardianReviewRow & { relativeIdHash: string; relativeIdMasked: string }) | null> {
  return db
    .prepare(
      `SELECT ${REVIEW_COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1r.$2')}, b.relative_id_hash, b.relative_id_masked
       FROM family_guardian_reviews r JOIN family_bindings b ON b.id = r.binding_id
       WHERE r.binding_id = ?1 AND r.child_province = ?2 AND (?3 IS NULL OR r.child_region = ?3)`,
    )
    .bind(bindingId, province, region)
    .first<GuardianReviewRow & { relativeIdHash: string; relativeIdMasked: string }>()
    .then(camelRow)
}

/**
 * Single use and expiry in one conditional update: of two concurrent accepts only one changes the row, and
 * only the person the invitation names (same ID hash) can accept it.
 */
export async function acceptInvitation(
  db: D1Database,
  codeHash: string,
  relativeIdHash: string,
  userId: string,
  now: string,
): Promise<BindingRow | null> {
  return db
    .prepare(
      `UPDATE family_bindings SET status = 'active', consent_kind = 'relative', consented_at = ?4,
        relative_user_id = ?3,
         invite_code_hash = NULL
       WHERE invite_code_hash = ?1 AND status = 'invited' AND relative_id_hash = ?2 AND invite_expires_at > ?4
         -- consent counts only from the verified holder of the invited ID number, whatever the caller checked
         AND EXISTS (SELECT 1 FROM profiles p WHERE p.user_id = ?3 AND p.id_hash = ?2 AND p.verified_at IS NOT NULL)
       RETURNING ${BINDING_COLUMNS}`,
    )
    .bind(codeHash, relativeIdHash, userId, now)
    .first<BindingRow>()
    .then(camelRow)
}

/** Whether an open invitation with this code was sent by this user (a payer typing their own code). */
export async function isOwnInvitation(db: D1Database, codeHash: string, userId: string): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT 1 AS own FROM family_bindings WHERE invite_code_hash = ?1 AND payer_user_id = ?2 AND status = 'invited'`,
    )
    .bind(codeHash, userId)
    .first<{ own: number }>()
    .then(camelRow)
  return row !== null
}

export async function unbind(
  db: D1Database,
  id: string,
  by: 'payer' | 'relative',
  now: string,
): Promise<BindingRow | null> {
  return db
    .prepare(
      `UPDATE family_bindings SET status = 'unbound', unbound_at = ?3, unbound_by = ?2, invite_code_hash = NULL
       WHERE id = ?1 AND status IN ('invited', 'active') RETURNING ${BINDING_COLUMNS}`,
    )
    .bind(id, by, now)
    .first<BindingRow>()
    .then(camelRow)
}

// ---- what is already paid ----------------------------------------------------------------------------

export interface PaidRow {
  idHash: string
  year: number
  item: FamilyItem
  paidBy: 'family' | 'self' | 'office'
  pendingPaymentId: string | null
}

/**
 * Years the relatives are already enrolled in the resident scheme for, from every source: an office's record,
 * the relative's own declaration, or a family payment (pending ones block a second payment too).
 */
export async function paidYears(
  db: D1Database,
  idHashes: readonly string[],
  years: readonly number[],
): Promise<PaidRow[]> {
  if (idHashes.length === 0) return []
  const hashes = JSON.stringify(idHashes)
  const ys = JSON.stringify(years)
  const { results } = await db
    .prepare(
      `SELECT o.id_hash, o.year, 'resident-contribution' AS item, 'office' AS paid_by, NULL AS pending_payment_id
         FROM office_records o WHERE o.id_hash IN (SELECT value FROM json_each(?1)) AND o.year IN (SELECT value
           FROM json_each(?2)) AND o.scheme = 'resident'
       UNION ALL
       SELECT p.id_hash, s.year, 'resident-contribution', 'self', NULL
         FROM self_records s JOIN profiles p ON p.user_id = s.user_id
         WHERE p.id_hash IN (SELECT value FROM json_each(?1)) AND p.verified_at IS NOT NULL AND s.year IN (SELECT value
           FROM json_each(?2)) AND s.scheme = 'resident'
       UNION ALL
       SELECT f.payee_id_hash, f.year, f.item, 'family', CASE WHEN f.status = 'pending' THEN f.id END
         FROM family_payments f
         WHERE f.payee_id_hash IN (SELECT value FROM json_each(?1)) AND f.year IN (SELECT value FROM json_each(?2))
           AND f.status IN ('pending', 'succeeded')`,
    )
    .bind(hashes, ys)
    .all<PaidRow>()
    .then(camelAll)
  return results
}

/** A relative an active binding names, as the relative-due reminders read it. */
export interface BoundRelative {
  payerUserId: string
  idHash: string
  name: string
  province: string
  region: string | null
}

/** The relatives these payers hold an active binding for (the consented or confirmed ones only). */
export async function activeRelativesOfPayers(
  db: D1Database,
  payerUserIds: readonly string[],
): Promise<BoundRelative[]> {
  if (payerUserIds.length === 0) return []
  const { results } = await db
    .prepare(
      `SELECT payer_user_id, relative_id_hash, relative_name, relative_province, relative_region FROM family_bindings
       WHERE status = 'active' AND payer_user_id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(payerUserIds))
    .all<{
      payerUserId: string
      relativeIdHash: string
      relativeName: string
      relativeProvince: string
      relativeRegion: string | null
    }>()
    .then(camelAll)
  return results.map((r) => ({
    payerUserId: r.payerUserId,
    idHash: r.relativeIdHash,
    name: r.relativeName,
    province: r.relativeProvince,
    region: r.relativeRegion,
  }))
}

/** Contribution standards from the region figure registry (region_figures), as the family rules read them. */
export async function regionStandards(
  db: D1Database,
  regions: readonly string[],
  years: readonly number[],
): Promise<RegionStandard[]> {
  if (regions.length === 0) return []
  const { results } = await db
    .prepare(
      `SELECT region, year, kind, value_json, doc_no, doc_title, issuer, status FROM region_figures
       WHERE kind IN ('contribution', 'ltc-contribution') AND region IN (SELECT value FROM json_each(?1))
         AND year IN (SELECT value FROM json_each(?2))`,
    )
    .bind(JSON.stringify(regions), JSON.stringify(years))
    .all<{
      region: string
      year: number
      kind: 'contribution' | 'ltc-contribution'
      valueJson: string
      docNo: string
      docTitle: string
      issuer: string
      status: 'published' | 'demo'
    }>()
    .then(camelAll)
  return results.map((r) => ({
    region: r.region,
    year: r.year,
    item: r.kind === 'ltc-contribution' ? 'long-term-care' : 'resident-contribution',
    amountFen: Number(r.valueJson),
    source: figureCite({
      status: r.status,
      source: { issuer: r.issuer, docNo: r.docNo, title: r.docTitle, issuedOn: '', link: null },
    }),
    verified: r.status === 'published',
    demo: r.status === 'demo',
  }))
}

// ---- account and ledger ------------------------------------------------------------------------------

export async function getAccount(db: D1Database, payerUserId: string): Promise<AccountRow | null> {
  return db
    .prepare(
      `SELECT payer_user_id, account_no, balance_fen, synced_at, updated_at FROM family_accounts
        WHERE payer_user_id = ?1`,
    )
    .bind(payerUserId)
    .first<AccountRow>()
    .then(camelRow)
}

/** First sight of a payer's account: the platform's balance becomes the opening entry (once, however raced). */
export async function openAccount(
  db: D1Database,
  payerUserId: string,
  accountNo: string,
  balanceFen: number,
  source: string,
  now: string,
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `INSERT INTO family_accounts (payer_user_id, account_no, balance_fen, synced_at, updated_at)
          VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT (payer_user_id) DO NOTHING`,
      )
      .bind(payerUserId, accountNo, balanceFen, now),
    db
      .prepare(
        `INSERT INTO family_ledger (payer_user_id, kind, payment_id, amount_fen, balance_after_fen, source, created_at)
         SELECT ?1, 'opening', NULL, balance_fen, balance_fen, ?2, ?3 FROM family_accounts
         WHERE payer_user_id = ?1 AND NOT EXISTS (SELECT 1 FROM family_ledger WHERE payer_user_id = ?1
           AND kind = 'opening')`,
      )
      .bind(payerUserId, source, now),
  ])
}

export type SyncResult = 'synced' | 'unchanged' | 'skipped'

/**
 * Brings the stored balance to the platform's figure, with a `sync` ledger entry for any difference. Applies
 * only while nothing moved since the platform was asked (the balance is still `expectedFen`) and no payment is
 * pending (the platform's figure may or may not include a held amount); otherwise it waits for a later sync.
 */
export async function syncAccount(
  db: D1Database,
  payerUserId: string,
  expectedFen: number,
  platformFen: number,
  now: string,
): Promise<SyncResult> {
  const [updated] = await db.batch([
    db
      .prepare(
        `UPDATE family_accounts SET balance_fen = ?3, synced_at = ?4, updated_at = ?4
         WHERE payer_user_id = ?1 AND balance_fen = ?2
           AND NOT EXISTS (SELECT 1 FROM family_payments WHERE payer_user_id = ?1 AND status = 'pending')`,
      )
      .bind(payerUserId, expectedFen, platformFen, now),
    // Written only by the update above: the balance now equals the platform's, stamped with this sync's
    // instant, and no entry of this instant exists yet (a concurrent sync in the same millisecond adds none).
    db
      .prepare(
        `INSERT INTO family_ledger (payer_user_id, kind, payment_id, amount_fen, balance_after_fen, source, created_at)
         SELECT ?1, 'sync', NULL, ?3 - ?2, ?3, 'platform', ?4 FROM family_accounts
         WHERE ?3 <> ?2 AND payer_user_id = ?1 AND balance_fen = ?3 AND synced_at = ?4
           AND NOT EXISTS (SELECT 1 FROM family_ledger WHERE payer_user_id = ?1 AND kind = 'sync' AND created_at = ?4)`,
      )
      .bind(payerUserId, expectedFen, platformFen, now),
  ])
  if ((updated?.meta.changes ?? 0) === 0) return 'skipped'
  return expectedFen === platformFen ? 'unchanged' : 'synced'
}

export async function ledgerOf(
  db: D1Database,
  payerUserId: string,
  limit: number,
): Promise<{ entries: LedgerRow[]; pendingFen: number; sumFen: number }> {
  const [entries, pending, sum] = await db.batch([
    db
      .prepare(
        `SELECT seq, kind, payment_id, amount_fen, balance_after_fen, created_at FROM family_ledger
          WHERE payer_user_id = ?1 ORDER BY seq DESC LIMIT ?2`,
      )
      .bind(payerUserId, limit),
    db
      .prepare(
        `SELECT COALESCE(SUM(amount_fen), 0) AS fen FROM family_payments WHERE payer_user_id = ?1
          AND status = 'pending'`,
      )
      .bind(payerUserId),
    db
      .prepare(`SELECT COALESCE(SUM(amount_fen), 0) AS fen FROM family_ledger WHERE payer_user_id = ?1`)
      .bind(payerUserId),
  ])
  return {
    entries: rowsOf<LedgerRow>(entries),
    pendingFen: (rowsOf<{ fen: number }>(pending)[0] ?? { fen: 0 }).fen,
    sumFen: (rowsOf<{ fen: number }>(sum)[0] ?? { fen: 0 }).fen,
  }
}

// ---- payments ----------------------------------------------------------------------------------------

const PAYMENT_COLUMNS = `id, payer_user_id, idempotency_key, request_hash, binding_id, payee_id_hash, year, item,
  amount_fen,
  amount_source, status, failure_reason, transfer_no, created_at, updated_at, completed_at, check_attempts,
    next_check_at`

export async function paymentByKey(db: D1Database, payerUserId: string, key: string): Promise<PaymentRow | null> {
  return db
    .prepare(`SELECT ${PAYMENT_COLUMNS} FROM family_payments WHERE payer_user_id = ?1 AND idempotency_key = ?2`)
    .bind(payerUserId, key)
    .first<PaymentRow>()
    .then(camelRow)
}

export async function getPayment(db: D1Database, id: string): Promise<PaymentRow | null> {
  return db
    .prepare(`SELECT ${PAYMENT_COLUMNS} FROM family_payments WHERE id = ?1`)
    .bind(id)
    .first<PaymentRow>()
    .then(camelRow)
}

export async function paymentsOfPayer(db: D1Database, payerUserId: string, limit: number): Promise<PaymentRow[]> {
  const { results } = await db
    .prepare(
      `SELECT ${PAYMENT_COLUMNS} FROM family_payments WHERE payer_user_id = ?1 ORDER BY created_at DESC, id LIMIT ?2`,
    )
    .bind(payerUserId, limit)
    .all<PaymentRow>()
    .then(camelAll)
  return results
}

/** Succeeded payments for a relative while bound: the receipts they see. */
export async function paymentsForRelativeUser(db: D1Database, userId: string, limit: number): Promise<PaymentRow[]> {
  const { results } = await db
    .prepare(
      `SELECT ${PAYMENT_COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1f.$2')} FROM family_payments f
        JOIN family_bindings b ON b.id = f.binding_id
       WHERE b.relative_user_id = ?1 AND b.status = 'active' AND f.status = 'succeeded' ORDER BY f.created_at DESC
         LIMIT ?2`,
    )
    .bind(userId, limit)
    .all<PaymentRow>()
    .then(camelAll)
  return results
}

export type StartResult =
  | { ok: true; payment: PaymentRow }
  | { ok: false; reason: 'key-exists' | 'already-paid' | 'balance-too-low' | 'not-bound' }

/**
 * The hold: record the pending payment and debit the account in one transaction. The payment row exists only
 * if the binding is still active; the debit and its ledger entry only if the payment row exists; the CHECK on
 * the balance rolls everything back when the money is not there. D1 runs a batch alone, so this cannot race.
 */
export async function startPayment(
  db: D1Database,
  p: Omit<PaymentRow, 'status' | 'failureReason' | 'transferNo' | 'completedAt' | 'checkAttempts' | 'updatedAt'>,
): Promise<StartResult> {
  try {
    const [inserted] = await db.batch([
      db
        .prepare(
          `INSERT INTO family_payments (id, payer_user_id, idempotency_key, request_hash, binding_id, payee_id_hash,
            year, item,
             amount_fen, amount_source, status, created_at, updated_at, next_check_at)
           SELECT ?1, ?2, ?3, ?4, b.id, b.relative_id_hash, ?5, ?6, ?7, ?8, 'pending', ?9, ?9, ?10
           FROM family_bindings b WHERE b.id = ?11 AND b.payer_user_id = ?2 AND b.status = 'active'`,
        )
        .bind(
          p.id,
          p.payerUserId,
          p.idempotencyKey,
          p.requestHash,
          p.year,
          p.item,
          p.amountFen,
          p.amountSource,
          p.createdAt,
          p.nextCheckAt,
          p.bindingId,
        ),
      db
        .prepare(
          `UPDATE family_accounts SET balance_fen = balance_fen - ?2, updated_at = ?3
           WHERE payer_user_id = ?1 AND EXISTS (SELECT 1 FROM family_payments WHERE id = ?4)`,
        )
        .bind(p.payerUserId, p.amountFen, p.createdAt, p.id),
      db
        .prepare(
          `INSERT INTO family_ledger (payer_user_id, kind, payment_id, amount_fen, balance_after_fen, source,
            created_at)
           SELECT ?1, 'debit', ?2, -?3, balance_fen, 'family-payment', ?4 FROM family_accounts
           WHERE payer_user_id = ?1 AND EXISTS (SELECT 1 FROM family_payments WHERE id = ?2)`,
        )
        .bind(p.payerUserId, p.id, p.amountFen, p.createdAt),
    ])
    if ((inserted?.meta.changes ?? 0) === 0) return { ok: false, reason: 'not-bound' }
    const payment = await getPayment(db, p.id)
    if (!payment) throw new Error('payment vanished after insert')
    return { ok: true, payment }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    if (/UNIQUE constraint failed: family_payments\.payer_user_id/.test(message))
      return { ok: false, reason: 'key-exists' }
    if (/UNIQUE constraint failed: family_payments\.payee_id_hash/.test(message))
      return { ok: false, reason: 'already-paid' }
    if (/CHECK constraint failed: (balance_never_negative|balance_fen|balance_after_fen)/.test(message))
      return { ok: false, reason: 'balance-too-low' }
    throw err
  }
}

/** pending → succeeded, once. */
export async function finishSucceeded(
  db: D1Database,
  id: string,
  transferNo: string,
  completedAt: string,
  now: string,
): Promise<void> {
  await db
    .prepare(
      `UPDATE family_payments SET status = 'succeeded', transfer_no = ?2, completed_at = ?3, updated_at = ?4,
        next_check_at = NULL
       WHERE id = ?1 AND status = 'pending'`,
    )
    .bind(id, transferNo, completedAt, now)
    .run()
}

/** pending → failed, with the debit given back in the same transaction, once. */
export async function finishFailed(db: D1Database, id: string, reason: string, now: string): Promise<void> {
  const reversible = `EXISTS (SELECT 1 FROM family_payments WHERE id = ?1 AND status = 'failed')
    AND NOT EXISTS (SELECT 1 FROM family_ledger WHERE payment_id = ?1 AND kind = 'reversal')`
  await db.batch([
    db
      .prepare(
        `UPDATE family_payments SET status = 'failed', failure_reason = ?2, updated_at = ?3, completed_at = ?3,
          next_check_at = NULL WHERE id = ?1 AND status = 'pending'`,
      )
      .bind(id, reason, now),
    db
      .prepare(
        `UPDATE family_accounts SET balance_fen = balance_fen + (SELECT amount_fen FROM family_payments
          WHERE id = ?1), updated_at = ?2
         WHERE payer_user_id = (SELECT payer_user_id FROM family_payments WHERE id = ?1) AND ${reversible}`,
      )
      .bind(id, now),
    db
      .prepare(
        `INSERT INTO family_ledger (payer_user_id, kind, payment_id, amount_fen, balance_after_fen, source, created_at)
         SELECT f.payer_user_id, 'reversal', f.id, f.amount_fen, a.balance_fen, 'family-payment-failed', ?2
         FROM family_payments f JOIN family_accounts a ON a.payer_user_id = f.payer_user_id
         WHERE f.id = ?1 AND ${reversible}`,
      )
      .bind(id, now),
  ])
}

/** The outcome is unknown: look again at `nextCheckAt`. */
export async function deferCheck(db: D1Database, id: string, nextCheckAt: string, now: string): Promise<void> {
  await db
    .prepare(
      `UPDATE family_payments SET check_attempts = check_attempts + 1, next_check_at = ?2, updated_at = ?3 WHERE id = ?1
        AND status = 'pending'`,
    )
    .bind(id, nextCheckAt, now)
    .run()
}

export async function duePendingPayments(db: D1Database, now: string, limit: number): Promise<PaymentRow[]> {
  const { results } = await db
    .prepare(
      `SELECT ${PAYMENT_COLUMNS} FROM family_payments WHERE status = 'pending' AND next_check_at <= ?1
        ORDER BY next_check_at LIMIT ?2`,
    )
    .bind(now, limit)
    .all<PaymentRow>()
    .then(camelAll)
  return results
}

export interface PayerIdentityRow {
  name: string
  /** NULL until WeChat's face check confirmed the person (migration 0030) */
  verifiedAt: string | null
  idEnc: string
  idHash: string
  idMasked: string
  birthDate: string
  province: string
  region: string | null
}

export async function identityOf(db: D1Database, userId: string): Promise<PayerIdentityRow | null> {
  return db
    .prepare(
      `SELECT name, verified_at, id_enc, id_hash, id_masked, birth_date, province, region FROM profiles
        WHERE user_id = ?1`,
    )
    .bind(userId)
    .first<PayerIdentityRow>()
    .then(camelRow)
}

/** Whether the account's profile passed the face check (profiles.verified_at, migration 0030). */
export async function isVerified(db: D1Database, userId: string): Promise<boolean> {
  const row = await db
    .prepare('SELECT verified_at FROM profiles WHERE user_id = ?1')
    .bind(userId)
    .first<{ verifiedAt: string | null }>()
    .then(camelRow)
  return row?.verifiedAt != null
}
