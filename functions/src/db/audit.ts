import type { D1Database } from '../env'
import { camelAll } from './rows'

// The office read audit (issue 13, migration 0037). Every office read of a person goes through recordReads
// before the answer leaves the Worker: a read that cannot be recorded is not answered.

export interface AuditRead {
  idHash: string
  idMasked: string | null
}

export interface AuditActor {
  userId: string
  /** the office's scope: a prefecture code, or province code + '0000' */
  scope: string
}

export interface AuditRow {
  seq: number
  officeUserId: string
  officeScope: string
  idMasked: string | null
  route: string
  at: string
  /** for an office's decision: the guardian review (its binding id) and what was decided; null for a read */
  subject: string | null
  decision: 'confirm' | 'refuse' | null
}

/** One statement whatever the number of people read (a list page writes one entry per person on it). */
export async function recordReads(
  db: D1Database,
  actor: AuditActor,
  route: string,
  reads: readonly AuditRead[],
  at: string,
): Promise<void> {
  if (reads.length === 0) return
  await db
    .prepare(
      `INSERT INTO office_audit (office_user_id, office_scope, id_hash, id_masked, route, at)
       SELECT ?1, ?2, json_extract(value, '$[0]'), json_extract(value, '$[1]'), ?3, ?4 FROM json_each(?5)`,
    )
    .bind(actor.userId, actor.scope, route, at, JSON.stringify(reads.map((r) => [r.idHash, r.idMasked])))
    .run()
}

/** The entries of offices inside an area (`scopeLike`: the scope, or a province prefix with %), newest first. */
export async function listAudit(
  db: D1Database,
  scopeLike: string,
  beforeSeq: number | null,
  limit: number,
): Promise<AuditRow[]> {
  const { results } = await db
    .prepare(
      `SELECT seq, office_user_id AS officeUserId, office_scope AS officeScope, id_masked AS idMasked, route, at,
         subject, decision
       FROM office_audit
       WHERE office_scope LIKE ?1 AND (?2 IS NULL OR seq < ?2) ORDER BY seq DESC LIMIT ?3`,
    )
    .bind(scopeLike, beforeSeq, limit)
    .all<AuditRow>()
    .then(camelAll)
  return results
}
