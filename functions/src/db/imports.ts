import type { D1Database } from '../env'
import { camelAll, camelRow, rowsOf } from './rows'
import { isProvinceWideCode } from '@canbao/shared/regions'

export interface ImportJobRow {
  id: string
  scope: string
  fileName: string | null
  status: 'queued' | 'processing' | 'done' | 'failed'
  totalRows: number
  processedRows: number
  insertedRows: number | null
  updatedRows: number | null
  unchangedRows: number | null
  conflictRows: number | null
  message: string | null
  createdAt: string
  finishedAt: string | null
}

const JOB_COLUMNS = `id, scope, file_name, status, total_rows, processed_rows, inserted_rows, updated_rows,
  unchanged_rows, conflict_rows, message, created_at, finished_at`

export interface NewJob {
  id: string
  scope: string
  createdBy: string
  fileName: string | null
  fileSha256: string
  fileBytes: number
  totalRows: number
  chunks: { rowCount: number; payloadEnc: string }[]
}

/** A job left running this long (a crashed consumer) no longer blocks its office. */
export const STALE_JOB_MS = 15 * 60 * 1000

export type CreateJobResult = { ok: true } | { ok: false; reason: 'busy' }

/** Job and its encrypted chunks in one transaction; the partial unique index allows one running job per scope. */
export async function createJob(
  db: D1Database,
  job: NewJob,
  now: string,
  staleBefore: string,
): Promise<CreateJobResult> {
  await db.batch([
    db
      .prepare(
        `DELETE FROM import_staging WHERE job_id IN (SELECT id FROM import_jobs WHERE scope = ?1
          AND status IN ('queued', 'processing') AND updated_at < ?2)`,
      )
      .bind(job.scope, staleBefore),
    db
      .prepare(
        `DELETE FROM import_chunks WHERE job_id IN (SELECT id FROM import_jobs WHERE scope = ?1
          AND status IN ('queued', 'processing') AND updated_at < ?2)`,
      )
      .bind(job.scope, staleBefore),
    db
      .prepare(
        `UPDATE import_jobs SET status = 'failed', message =
          '处理超时，已停止；记录没有任何改动。请重新上传。', finished_at = ?3, updated_at = ?3
         WHERE scope = ?1 AND status IN ('queued', 'processing') AND updated_at < ?2`,
      )
      .bind(job.scope, staleBefore, now),
  ])
  const insertChunk = (seq: number) => {
    const chunk = job.chunks[seq] as NewJob['chunks'][number]
    return db
      .prepare('INSERT INTO import_chunks (job_id, seq, row_count, payload_enc) VALUES (?1, ?2, ?3, ?4)')
      .bind(job.id, seq, chunk.rowCount, chunk.payloadEnc)
  }
  try {
    await db.batch([
      db
        .prepare(
          `INSERT INTO import_jobs (id, scope, created_by, file_name, file_sha256, file_bytes, status, total_rows,
            created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'queued', ?7, ?8, ?8)`,
        )
        .bind(job.id, job.scope, job.createdBy, job.fileName, job.fileSha256, job.fileBytes, job.totalRows, now),
      insertChunk(0),
    ])
  } catch (err) {
    if (err instanceof Error && /UNIQUE constraint failed: import_jobs\.scope/.test(err.message))
      return { ok: false, reason: 'busy' }
    throw err
  }
  // The rest in small batches, so no single request to D1 carries megabytes. Nothing processes the job before
  // the caller enqueues it, which happens only after every chunk is stored.
  for (let seq = 1; seq < job.chunks.length; seq += CHUNKS_PER_BATCH) {
    const seqs = Array.from({ length: Math.min(CHUNKS_PER_BATCH, job.chunks.length - seq) }, (_, i) => seq + i)
    await db.batch(seqs.map(insertChunk))
  }
  return { ok: true }
}

/** Encrypted chunks are at most ~0.6 MB each (D1 allows 1 MB per value): three per batch. */
const CHUNKS_PER_BATCH = 3

export async function getJob(db: D1Database, id: string): Promise<ImportJobRow | null> {
  return db
    .prepare(`SELECT ${JOB_COLUMNS} FROM import_jobs WHERE id = ?1`)
    .bind(id)
    .first<ImportJobRow>()
    .then(camelRow)
}

export async function listJobs(db: D1Database, scope: string, limit: number): Promise<ImportJobRow[]> {
  const { results } = await db
    .prepare(`SELECT ${JOB_COLUMNS} FROM import_jobs WHERE scope = ?1 ORDER BY created_at DESC, id DESC LIMIT ?2`)
    .bind(scope, limit)
    .all<ImportJobRow>()
    .then(camelAll)
  return results
}

export async function markProcessing(db: D1Database, id: string, now: string): Promise<ImportJobRow | null> {
  return db
    .prepare(
      `UPDATE import_jobs SET status = 'processing', updated_at = ?2 WHERE id = ?1
        AND status IN ('queued', 'processing')
       RETURNING ${JOB_COLUMNS}`,
    )
    .bind(id, now)
    .first<ImportJobRow>()
    .then(camelRow)
}

export async function nextChunk(db: D1Database, jobId: string) {
  return db
    .prepare('SELECT seq, row_count, payload_enc FROM import_chunks WHERE job_id = ?1 ORDER BY seq LIMIT 1')
    .bind(jobId)
    .first<{ seq: number; rowCount: number; payloadEnc: string }>()
    .then(camelRow)
}

/** A staged row: [line, idHash, idMasked, year, scheme, paidOn, fundPaidFen, incentiveUsed (0/1/null), endedOn] */
export type StagedRow = [
  number,
  string,
  string,
  number,
  string,
  string | null,
  number | null,
  number | null,
  string | null,
]

/** Rows per INSERT: one JSON parameter each, kept well under D1's 2 MB value limit. */
const STAGE_ROWS_PER_STATEMENT = 2_000

/** Stages one chunk and removes it, atomically, so a retried message never stages a chunk twice. */
export async function stageChunk(
  db: D1Database,
  jobId: string,
  seq: number,
  rows: StagedRow[],
  now: string,
): Promise<void> {
  const statements = []
  for (let i = 0; i < rows.length; i += STAGE_ROWS_PER_STATEMENT) {
    statements.push(
      db
        .prepare(
          `INSERT INTO import_staging (job_id, line, id_hash, id_masked, year, scheme, paid_on, fund_paid_fen,
            incentive_used, ended_on)
           SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
             json_extract(value, '$[3]'),
                  json_extract(value, '$[4]'), json_extract(value, '$[5]'), json_extract(value, '$[6]'),
                    json_extract(value, '$[7]'),
                  json_extract(value, '$[8]')
           FROM json_each(?2) WHERE true
           ON CONFLICT (job_id, line) DO NOTHING`,
        )
        .bind(jobId, JSON.stringify(rows.slice(i, i + STAGE_ROWS_PER_STATEMENT))),
    )
  }
  statements.push(
    db.prepare('DELETE FROM import_chunks WHERE job_id = ?1 AND seq = ?2').bind(jobId, seq),
    db
      .prepare(
        `UPDATE import_jobs SET processed_rows = (SELECT COUNT(*) FROM import_staging
          WHERE job_id = ?1), updated_at = ?2 WHERE id = ?1`,
      )
      .bind(jobId, now),
  )
  await db.batch(statements)
}

const CHANGED = `(r.scheme IS NOT s.scheme OR r.paid_on IS NOT s.paid_on OR r.fund_paid_fen IS NOT s.fund_paid_fen
  OR r.incentive_used IS NOT s.incentive_used OR r.ended_on IS NOT s.ended_on)`

/**
 * The area an import writes in, as SQL parameters of applyJob: ?2 scope, ?4 province, ?5 prefecture (NULL for a
 * whole-province office). Derived from the scope so a queued job needs nothing but its row.
 */
export function areaOfScope(scope: string): { scope: string; province: string; region: string | null } {
  return { scope, province: scope.slice(0, 2), region: isProvinceWideCode(scope) ? null : scope }
}

/** SQL (staged row alias s): another office already recorded this person-year. That is 重复参保. */
const CONFLICTS = `EXISTS (SELECT 1 FROM office_records o WHERE o.id_hash = s.id_hash AND o.year = s.year
  AND o.scope <> ?2)`

/**
 * SQL (staged row alias s): the person belongs to another pooling region, so this office may not write for them.
 * A verified profile decides where a person belongs (outside the area: refused; inside: accepted whatever old
 * records elsewhere say). Without one, records decide: refused when every record is another region's. A
 * self-declared (unverified) profile claims nothing. A province-wide record (scope PP0000) of the office's own
 * province is not another pooling region's.
 */
export const OUT_OF_AREA = `(
  EXISTS (SELECT 1 FROM profiles p WHERE p.id_hash = s.id_hash AND p.verified_at IS NOT NULL
    AND NOT (p.province = ?4 AND (?5 IS NULL OR p.region IS NULL OR p.region = ?5)))
  OR (
    NOT EXISTS (SELECT 1 FROM profiles p WHERE p.id_hash = s.id_hash AND p.verified_at IS NOT NULL)
    AND EXISTS (SELECT 1 FROM office_records o WHERE o.id_hash = s.id_hash
      AND (substr(o.scope, 1, 2) <> ?4 OR (?5 IS NOT NULL AND o.scope <> ?5 AND o.scope <> ?4 || '0000')))
    AND NOT EXISTS (SELECT 1 FROM office_records o WHERE o.id_hash = s.id_hash
      AND substr(o.scope, 1, 2) = ?4 AND (?5 IS NULL OR o.scope = ?5))
  )
)`

export type ApplyResult = { ok: true } | { ok: false; reason: 'out-of-area' }

/**
 * The whole file becomes visible at once: the area check, counts, conflicts, upsert of every staged row and
 * clean-up run as one D1 batch, which is one transaction, so a profile verified meanwhile cannot slip between
 * the check and the write. Any row for a person of another region leaves the job unfinished and writes nothing
 * (the caller fails it with the lines). A row for a person-year another office holds is not written, never
 * replaces that record, and is remembered as a conflict. Rows equal to what is stored are not written, so a
 * re-import changes nothing and reports every row unchanged.
 */
export async function applyJob(db: D1Database, jobId: string, scope: string, now: string): Promise<ApplyResult> {
  const area = areaOfScope(scope)
  const matched = `FROM import_staging s JOIN office_records r ON r.id_hash = s.id_hash AND r.year = s.year
    AND r.scope = ?2 WHERE s.job_id = ?1 AND NOT ${CONFLICTS}`
  const applied = `EXISTS (SELECT 1 FROM import_jobs j WHERE j.id = ?1 AND j.status = 'done' AND j.finished_at = ?3)`
  const [finished] = await db.batch([
    db
      .prepare(
        `UPDATE import_jobs SET
           inserted_rows = (SELECT COUNT(*) FROM import_staging s WHERE s.job_id = ?1 AND NOT ${CONFLICTS}
             AND NOT EXISTS (SELECT 1 FROM office_records r WHERE r.id_hash = s.id_hash AND r.year = s.year
               AND r.scope = ?2)),
           updated_rows = (SELECT COUNT(*) ${matched} AND ${CHANGED}),
           unchanged_rows = (SELECT COUNT(*) ${matched} AND NOT ${CHANGED}),
           conflict_rows = (SELECT COUNT(*) FROM import_staging s WHERE s.job_id = ?1 AND ${CONFLICTS}),
           processed_rows = total_rows, status = 'done', finished_at = ?3, updated_at = ?3
         WHERE id = ?1 AND status = 'processing'
           AND NOT EXISTS (SELECT 1 FROM import_staging s WHERE s.job_id = ?1 AND ${OUT_OF_AREA})`,
      )
      .bind(jobId, area.scope, now, area.province, area.region),
    db
      .prepare(
        `INSERT INTO import_conflicts (job_id, line, id_hash, year, importing_scope, holding_scope, created_at)
         SELECT s.job_id, s.line, s.id_hash, s.year, ?2, o.scope, ?3
         FROM import_staging s JOIN office_records o ON o.id_hash = s.id_hash AND o.year = s.year AND o.scope <> ?2
         WHERE s.job_id = ?1 AND ${applied}
         ON CONFLICT DO NOTHING`,
      )
      .bind(jobId, area.scope, now),
    db
      .prepare(
        `INSERT INTO office_records (id_hash, year, scope, id_masked, scheme, paid_on, fund_paid_fen, incentive_used,
          ended_on, job_id, updated_at)
         SELECT s.id_hash, s.year, ?2, s.id_masked, s.scheme, s.paid_on, s.fund_paid_fen, s.incentive_used, s.ended_on,
           ?1, ?3
         FROM import_staging s WHERE s.job_id = ?1 AND NOT ${CONFLICTS}
           -- only the apply that just finished the job writes: a late duplicate or a failed job writes nothing
           AND ${applied}
         ON CONFLICT (id_hash, year, scope) DO UPDATE SET
           id_masked = excluded.id_masked, scheme = excluded.scheme, paid_on = excluded.paid_on,
           fund_paid_fen = excluded.fund_paid_fen, incentive_used = excluded.incentive_used,
             ended_on = excluded.ended_on,
           job_id = excluded.job_id, updated_at = excluded.updated_at
         WHERE office_records.scheme IS NOT excluded.scheme OR office_records.paid_on IS NOT excluded.paid_on
           OR office_records.fund_paid_fen IS NOT excluded.fund_paid_fen
             OR office_records.incentive_used IS NOT excluded.incentive_used
           OR office_records.ended_on IS NOT excluded.ended_on`,
      )
      .bind(jobId, area.scope, now),
    // Kept when the area check stopped the job: the caller reads the offending lines from it, then fails the job.
    db.prepare(`DELETE FROM import_staging WHERE job_id = ?1 AND ${applied}`).bind(jobId, area.scope, now),
  ])
  if ((finished?.meta.changes ?? 0) > 0) return { ok: true }
  const job = await getJob(db, jobId)
  return job?.status === 'processing' ? { ok: false, reason: 'out-of-area' } : { ok: true }
}

/** Lines (first `limit`, ascending) of a staged job whose person belongs to another pooling region, and how many. */
export async function outOfAreaLines(
  db: D1Database,
  jobId: string,
  scope: string,
  limit: number,
): Promise<{ lines: number[]; count: number }> {
  const area = areaOfScope(scope)
  const [lines, count] = await db.batch([
    db
      .prepare(`SELECT s.line FROM import_staging s WHERE s.job_id = ?1 AND ${OUT_OF_AREA} ORDER BY s.line LIMIT ?3`)
      .bind(jobId, area.scope, limit, area.province, area.region),
    db
      .prepare(`SELECT COUNT(*) AS n FROM import_staging s WHERE s.job_id = ?1 AND ${OUT_OF_AREA}`)
      .bind(jobId, area.scope, null, area.province, area.region),
  ])
  return {
    lines: rowsOf<{ line: number }>(lines).map((r) => r.line),
    count: (rowsOf<{ n: number }>(count)[0] ?? { n: 0 }).n,
  }
}

/** 重复参保 conflicts an office is party to: rows it tried to import, and its records others tried to import over. */
export async function conflictCounts(
  db: D1Database,
  scopeLike: string,
): Promise<{ asImporter: number; asHolder: number }> {
  const row = await db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM import_conflicts WHERE importing_scope LIKE ?1) AS importer,
              (SELECT COUNT(*) FROM import_conflicts WHERE holding_scope LIKE ?1) AS holder`,
    )
    .bind(scopeLike)
    .first<{ importer: number; holder: number }>()
    .then(camelRow)
  return { asImporter: row?.importer ?? 0, asHolder: row?.holder ?? 0 }
}

/** A running job untouched this long lost its worker: every chunk step and every resume stamps updated_at. */
export const STALLED_JOB_MS = 5 * 60 * 1000

export interface StalledJob {
  id: string
  resumes: number
}

export async function stalledJobs(db: D1Database, before: string, limit: number): Promise<StalledJob[]> {
  const { results } = await db
    .prepare(
      `SELECT id, resumes FROM import_jobs WHERE status IN ('queued', 'processing') AND updated_at < ?1
        ORDER BY updated_at LIMIT ?2`,
    )
    .bind(before, limit)
    .all<StalledJob>()
    .then(camelAll)
  return results
}

/** Takes a stalled job for one resume; false when someone else moved it meanwhile (it is not stalled then). */
export async function claimResume(db: D1Database, id: string, before: string, now: string): Promise<boolean> {
  const res = await db
    .prepare(
      `UPDATE import_jobs SET resumes = resumes + 1, updated_at = ?3
       WHERE id = ?1 AND status IN ('queued', 'processing') AND updated_at < ?2`,
    )
    .bind(id, before, now)
    .run()
  return res.meta.changes > 0
}

export async function failJob(db: D1Database, jobId: string, message: string, now: string): Promise<void> {
  await db.batch([
    db.prepare('DELETE FROM import_chunks WHERE job_id = ?1').bind(jobId),
    db.prepare('DELETE FROM import_staging WHERE job_id = ?1').bind(jobId),
    db
      .prepare(
        `UPDATE import_jobs SET status = 'failed', message = ?2, finished_at = ?3, updated_at = ?3 WHERE id = ?1
          AND status IN ('queued', 'processing')`,
      )
      .bind(jobId, message, now),
  ])
}
