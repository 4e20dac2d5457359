/**
 * Office imports. The upload request decodes and validates the whole file (any bad line rejects it, nothing
 * stored), then stores it in encrypted chunks. Chunks are hashed and staged one at a time — inline for a
 * small file, in the imports queue consumer for a large one, with progress in the job row — and the staged
 * rows are applied in one D1 transaction at the end, so readers see all of a file or none of it.
 */

import { lineIssueMessage, parseImportCsv, type ImportRow } from '@canbao/shared/api/import-csv'
import { registrySnapshot } from '../registry/snapshot'
import { maskResidentId } from '@canbao/shared/api/resident-id'
import type { ImportJob } from '@canbao/shared/api/office'
import type { Env } from '../env'
import { isoNow, nowMs } from '../lib/clock'
import { importChunkRows } from '../lib/config'
import { aesKey, decryptText, encryptText, hmacHex, hmacKey, sha256Hex } from '../lib/crypto'
import { ApiError } from '../lib/errors'
import { newImportId } from '../lib/ids'
import { log } from '../lib/log'
import {
  STALE_JOB_MS,
  STALLED_JOB_MS,
  applyJob,
  claimResume,
  stalledJobs,
  createJob,
  failJob,
  getJob,
  markProcessing,
  nextChunk,
  outOfAreaLines,
  stageChunk,
  type ImportJobRow,
  type StagedRow,
} from '../db/imports'
import { decodeCsv } from './decode'

export interface OfficeScope {
  userId: string
  province: string
  region: string | null
  /** the region code records are filed under: the prefecture, or province + '0000' */
  scope: string
}

export function jobView(row: ImportJobRow): ImportJob {
  const done = row.status === 'done'
  const percent = done
    ? 100
    : row.totalRows === 0
      ? 0
      : Math.min(99, Math.floor((row.processedRows / row.totalRows) * 100))
  return {
    id: row.id,
    status: row.status,
    fileName: row.fileName,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    percent,
    insertedRows: row.insertedRows,
    updatedRows: row.updatedRows,
    unchangedRows: row.unchangedRows,
    conflictRows: row.conflictRows,
    message: row.message,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  }
}

/** A chunk's plaintext: the validated rows as compact arrays. */
type ChunkRow = [number, string, number, string, string | null, number | null, number | null, string | null]

const toChunkRow = (r: ImportRow): ChunkRow => [
  r.line,
  r.idNumber,
  r.year,
  r.scheme,
  r.paidOn,
  r.fundPaidFen,
  r.incentiveUsed === null ? null : r.incentiveUsed ? 1 : 0,
  r.endedOn,
]

export interface CreatedImport {
  job: ImportJob
  /** true when the file was applied within the request */
  finished: boolean
}

export async function createImport(
  env: Env,
  office: OfficeScope,
  file: { bytes: Uint8Array<ArrayBuffer>; name: string | null },
  today: string,
): Promise<CreatedImport> {
  const text = decodeCsv(file.bytes)
  // Payment dates are judged by the office's region's published windows, as the entitlement answer judges them.
  const registry = await registrySnapshot(env)
  const parsed = parseImportCsv(text, today, {
    ...(office.region ? { region: office.region } : {}),
    tablesFor: (year) => registry.tablesFor(year),
  })
  if (!parsed.ok) {
    throw new ApiError(
      'IMPORT_REJECTED',
      `文件中有 ${parsed.errorCount} 处错误，整个文件都没有导入。请按提示逐行修改后重新上传。`,
      parsed.errors.slice(0, 50).map((e) => ({
        path: e.line > 0 ? `line:${e.line}` : 'file',
        code: 'IMPORT_LINE',
        message: lineIssueMessage(e),
      })),
      { errorCount: parsed.errorCount, errors: parsed.errors },
    )
  }
  const key = await aesKey(env.ID_ENC_KEY)
  const chunkRows = importChunkRows(env)
  const chunks: { rowCount: number; payloadEnc: string }[] = []
  for (let i = 0; i < parsed.rows.length; i += chunkRows) {
    const slice = parsed.rows.slice(i, i + chunkRows)
    chunks.push({
      rowCount: slice.length,
      payloadEnc: await encryptText(key, JSON.stringify(slice.map(toChunkRow)), 'import-chunk'),
    })
  }
  const jobId = newImportId()
  const now = isoNow()
  const fileSha256 = await sha256Hex(file.bytes)
  const staleBefore = new Date(nowMs() - STALE_JOB_MS).toISOString()
  let created: Awaited<ReturnType<typeof createJob>>
  try {
    created = await createJob(
      env.DB,
      {
        id: jobId,
        scope: office.scope,
        createdBy: office.userId,
        fileName: file.name,
        fileSha256,
        fileBytes: file.bytes.length,
        totalRows: parsed.rows.length,
        chunks,
      },
      now,
      staleBefore,
    )
  } catch (err) {
    // A file half stored must not hold the office's one running slot until it goes stale.
    await failJob(env.DB, jobId, '导入文件没能完整保存；记录没有任何改动。请重新上传。', isoNow()).catch(() => {})
    throw err
  }
  if (!created.ok) throw new ApiError('IMPORT_BUSY')
  log.info('import_created', { job: jobId, scope: office.scope, rows: parsed.rows.length, chunks: chunks.length })

  if (chunks.length === 1) {
    // A small file is done before the answer: the office sees the result without polling, and a file refused for
    // rows of another region is refused like a file with bad lines.
    const seen: { refused?: OutOfArea } = {}
    await processJob(env, jobId, Number.POSITIVE_INFINITY, (r) => (seen.refused = r))
    if (seen.refused) throw outOfAreaError(seen.refused)
  } else {
    try {
      // A short delay lets this answer reach the office before processing starts; in local workerd a message
      // delivered at once is processed inside this request and holds its response until the file is done.
      await env.IMPORTS.send({ jobId }, { delaySeconds: 1 })
    } catch (err) {
      await failJob(env.DB, jobId, '导入任务没能排入处理队列；记录没有任何改动。请稍后重新上传。', isoNow())
      throw err
    }
  }
  const job = await getJob(env.DB, jobId)
  if (!job) throw new Error('import job vanished')
  return { job: jobView(job), finished: job.status === 'done' }
}

async function stageRows(env: Env, rows: ChunkRow[]): Promise<StagedRow[]> {
  const key = await hmacKey(env.ID_HASH_KEY)
  // A file lists each person once per year: hash each distinct ID once.
  const hashes = new Map<string, Promise<string>>()
  for (const row of rows) if (!hashes.has(row[1])) hashes.set(row[1], hmacHex(key, row[1]))
  const staged: StagedRow[] = []
  for (const [line, id, year, scheme, paidOn, fen, incentive, endedOn] of rows) {
    staged.push([
      line,
      await (hashes.get(id) as Promise<string>),
      maskResidentId(id),
      year,
      scheme,
      paidOn,
      fen,
      incentive,
      endedOn,
    ])
  }
  return staged
}

export type ProcessOutcome = 'done' | 'more' | 'gone' | 'refused'

/** Rows of a file for people of another pooling region: the first lines, and how many in all. */
export interface OutOfArea {
  lines: number[]
  count: number
}

const OUT_OF_AREA_SHOWN = 50

/** One line's refusal. It names no region, date or name: the other region's data stays the other region's. */
export const outOfAreaLineMessage =
  '这位参保人不在本机构的管理范围内（参保关系属于其他统筹地区），不能由本机构导入。如确在本地区参保，请先由原参保地办理转移接续。'

function outOfAreaSummary(r: OutOfArea): string {
  const shown = r.lines.slice(0, 10).join('、')
  return `文件中有 ${r.count} 行的参保人不在本机构的管理范围内（第 ${shown} 行${r.count > 10 ? ' 等' : ''}），整个文件都没有导入。请删去这些行后重新上传。`
}

export function outOfAreaError(r: OutOfArea): ApiError {
  const errors = r.lines.map((line) => ({ line, column: null, message: outOfAreaLineMessage }))
  return new ApiError(
    'IMPORT_REJECTED',
    outOfAreaSummary(r),
    errors.map((e) => ({ path: `line:${e.line}`, code: 'IMPORT_OUT_OF_AREA', message: lineIssueMessage(e) })),
    { errorCount: r.count, errors },
  )
}

/**
 * Advances a job: stages chunks until none is left (then applies) or the time budget is spent (then the
 * caller re-enqueues). Safe to run twice for the same job: staging and clean-up of a chunk are one
 * transaction, and only the first apply writes.
 */
export async function processJob(
  env: Env,
  jobId: string,
  budgetMs: number,
  onRefused?: (r: OutOfArea) => void,
): Promise<ProcessOutcome> {
  const started = nowMs()
  const job = await markProcessing(env.DB, jobId, isoNow())
  if (!job) return 'gone'
  const key = await aesKey(env.ID_ENC_KEY)
  for (;;) {
    const chunk = await nextChunk(env.DB, jobId)
    if (!chunk) break
    const rows = JSON.parse(await decryptText(key, chunk.payloadEnc, 'import-chunk')) as ChunkRow[]
    await stageChunk(env.DB, jobId, chunk.seq, await stageRows(env, rows), isoNow())
    if (nowMs() - started > budgetMs) return 'more'
  }
  const applied = await applyJob(env.DB, jobId, job.scope, isoNow())
  if (!applied.ok) {
    const refused = await outOfAreaLines(env.DB, jobId, job.scope, OUT_OF_AREA_SHOWN)
    await failJob(env.DB, jobId, outOfAreaSummary(refused), isoNow())
    log.warn('import_refused_out_of_area', { job: jobId, scope: job.scope, rows: refused.count })
    onRefused?.(refused)
    return 'refused'
  }
  const finished = await getJob(env.DB, jobId)
  log.info('import_applied', {
    job: jobId,
    rows: finished?.totalRows ?? null,
    inserted: finished?.insertedRows ?? null,
    updated: finished?.updatedRows ?? null,
    unchanged: finished?.unchangedRows ?? null,
    conflicts: finished?.conflictRows ?? null,
    ms: nowMs() - started,
  })
  return 'done'
}

export const IMPORT_STALLED_MESSAGE = '导入处理中断了两次，已停止；记录没有任何改动。请重新上传。'

/** Resumes per job before the sweep gives up on it: a job that stalls again after a resume is failing for a reason. */
const MAX_RESUMES = 1

/**
 * Run by the five-minute cron: a job whose worker died (nothing stamped it for STALLED_JOB_MS) is put back on the
 * queue once, where processing continues from the next unstaged chunk; one that stalls again is failed, which
 * frees the office's slot. So a dead worker is noticed within 10 minutes and its job resumed or failed, without
 * waiting for the office's next upload.
 */
export async function sweepStalledImports(
  env: Env,
  nowMsValue = nowMs(),
): Promise<{ resumed: number; failed: number }> {
  const before = new Date(nowMsValue - STALLED_JOB_MS).toISOString()
  const now = new Date(nowMsValue).toISOString()
  let resumed = 0
  let failed = 0
  for (const job of await stalledJobs(env.DB, before, 50)) {
    if (job.resumes >= MAX_RESUMES) {
      await failJob(env.DB, job.id, IMPORT_STALLED_MESSAGE, now)
      failed++
      log.warn('import_stalled_failed', { job: job.id })
      continue
    }
    if (!(await claimResume(env.DB, job.id, before, now))) continue
    try {
      await env.IMPORTS.send({ jobId: job.id })
      resumed++
      log.warn('import_stalled_resumed', { job: job.id })
    } catch (err) {
      await failJob(env.DB, job.id, '导入任务没能重新排入处理队列；记录没有任何改动。请稍后重新上传。', now)
      failed++
      log.error('import_resume_failed', { job: job.id, error: err instanceof Error ? err.message : String(err) })
    }
  }
  return { resumed, failed }
}

export const IMPORT_FAILED_MESSAGE = '导入处理失败，记录没有任何改动。请重新上传；如果反复失败，请联系技术支持。'

export { failJob }
