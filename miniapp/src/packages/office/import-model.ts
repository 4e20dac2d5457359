// The office import page's logic (issue 18), testable without Taro: the states of one upload, what each
// says, a past import as one line, and the workbench's cards. index.tsx only renders these answers.

import { IMPORT_COLUMNS } from '@canbao/shared/api/import-csv'
import type { ImportJob } from '@canbao/shared/api/office'
import type { OfficeScope } from '@canbao/shared/api/auth'
import { expectedKinds, FIGURE_KIND_ZH } from '@canbao/shared/registry/figures'
import type { ClientError } from '../../api/client'
import type { ImportLineError, UploadOutcome } from '../../api/office'
import { cstRecordText } from '../../lib/format'

export const IMPORT_STATUS_ZH: Record<ImportJob['status'], string> = {
  queued: '排队中',
  processing: '正在导入',
  done: '已完成',
  failed: '失败',
}

export type UploadState =
  | { phase: 'idle' }
  | { phase: 'uploading'; fileName: string }
  | { phase: 'running'; job: ImportJob }
  | { phase: 'done'; job: ImportJob }
  | { phase: 'rejected'; fileName: string; message: string; errorCount: number; errors: ImportLineError[] }
  | { phase: 'failed'; error: ClientError }

/** While a file goes up or is imported, a second one cannot be chosen: the button waits. */
export const uploadBusy = (state: UploadState) => state.phase === 'uploading' || state.phase === 'running'

const settled = (job: ImportJob) => job.status === 'done' || job.status === 'failed'

/** Where a job's newest known state leads: keep watching, or show the result. */
export const jobState = (job: ImportJob): UploadState =>
  settled(job) ? { phase: 'done', job } : { phase: 'running', job }

/** The state after the Worker answered the upload. */
export function uploadedState(outcome: UploadOutcome, fileName: string): UploadState {
  if (outcome.kind === 'accepted') return jobState(outcome.job)
  if (outcome.kind === 'rejected') {
    const { message, errorCount, errors } = outcome
    return { phase: 'rejected', fileName, message, errorCount, errors }
  }
  return { phase: 'failed', error: outcome.error }
}

/** A dropped poll keeps the last known progress on screen and is retried. */
export const polledState = (last: ImportJob, answer: { ok: true; data: { job: ImportJob } } | { ok: false }) =>
  jobState(answer.ok ? answer.data.job : last)

/** The counts of a finished import, in a clerk's words. */
export const importedCountsZh = (job: ImportJob) =>
  `新增${job.insertedRows ?? 0}条，更新${job.updatedRows ?? 0}条，未变化${job.unchangedRows ?? 0}条`

/** What the card under the button says about a finished job: green when done, red with the reason if not. */
export function jobResult(job: ImportJob): { ok: boolean; text: string } | null {
  if (job.status === 'done') {
    const conflicts = job.conflictRows
      ? `另有${job.conflictRows}条因其他统筹地区已有同一人同一年度的记录（重复参保）没有导入。`
      : ''
    return { ok: true, text: `导入完成：${importedCountsZh(job)}。${conflicts}` }
  }
  if (job.status === 'failed') return { ok: false, text: job.message ?? '导入失败，数据没有改变，请重试。' }
  return null
}

/** One refused line: where (line and column) and what is wrong. */
export const lineErrorText = (e: ImportLineError) =>
  `${e.line > 0 ? `第${e.line}行` : '文件'}${e.column ? `（${e.column}）` : ''}：${e.message}`

/** The Worker lists the first errors only; the rest are counted, so the clerk knows there are more. */
export const moreErrorsText = (state: { errorCount: number; errors: readonly unknown[] }) =>
  state.errorCount > state.errors.length ? `另有 ${state.errorCount - state.errors.length} 处错误未列出。` : null

/** A past import in the 导入记录 list: file, state, rows, when in Beijing time, and the counts once done. */
export function historyLine(job: ImportJob): { title: string; detail: string } {
  const counts =
    job.status === 'done' && job.insertedRows !== null
      ? ` · 新增${job.insertedRows}条、更新${job.updatedRows ?? 0}条、未变化${job.unchangedRows ?? 0}条`
      : ''
  const conflicts = job.conflictRows ? ` · 重复参保未导入${job.conflictRows}条` : ''
  return {
    title: job.fileName ?? '未命名文件',
    detail:
      `${IMPORT_STATUS_ZH[job.status]} · ${job.totalRows}行 · 北京时间 ${cstRecordText(job.createdAt)}` +
      `${counts}${conflicts}`,
  }
}

/** The file the import takes, and that one bad line stops all of it. */
export const importIntroZh = (scopeNameZh: string | undefined) =>
  `${scopeNameZh ?? '本地区'}：上传 CSV 文件。请用 Excel 的“另存为 → CSV UTF-8（逗号分隔）”保存后上传。` +
  '有任何一行出错，整个文件都不会导入；同一文件重复导入不会改变数据。'

/**
 * A column as the clerk should write it in the first row. "基金支付金额分" read as a typo (review 12), so the
 * list shows "基金支付金额（分）", a header the import also takes, and the unit is said in a line of its own.
 */
const columnHeaderZh = (c: (typeof IMPORT_COLUMNS)[number]) => (c.key === 'fund_paid_fen' ? '基金支付金额（分）' : c.zh)

export const importColumnsZh = () =>
  `第一行写列名：${IMPORT_COLUMNS.map((c) => `${columnHeaderZh(c)}${c.required ? '' : '（可空）'}`).join('、')}。` +
  '基金支付金额的单位是“分”（1元 = 100分），例如 12.34元 写作 1234。'

/**
 * What the figures page holds for this office: the kinds its region publishes (成都 has no cap row: the
 * cap is Sichuan's, review), or, for a whole-province office, the kinds every region has.
 */
export function figuresHeldZh(scope: Pick<OfficeScope, 'province' | 'region'> | null | undefined): string {
  const kinds = scope?.region ? expectedKinds(scope.region) : (['contribution', 'periods'] as const)
  const names = kinds.map((k) => FIGURE_KIND_ZH[k]).join('、')
  return scope?.region ? names : `${names}等`
}

export interface WorkbenchCard {
  id: string
  title: string
  text: string
  button: string
  url: string
}

/** The workbench's other pages, each a card saying what the page holds. */
export const workbenchCards = (scope: Pick<OfficeScope, 'province' | 'region'> | null | undefined): WorkbenchCard[] => [
  {
    id: 'go-figures',
    title: '地区数据',
    text: `本地区公布的${figuresHeldZh(scope)}。每项写明来源文件，由另一位经办人员审核后生效。`,
    button: '查看和公布地区数据',
    url: '/packages/office/figures',
  },
  {
    id: 'go-campaign',
    title: '参保提醒和集中宣传月',
    text: '给本地区居民发送微信订阅消息，例如提醒还没有缴纳明年医保费的居民。',
    button: '发起和查看宣传活动',
    url: '/packages/office/campaign',
  },
  {
    id: 'go-reviews',
    title: '户口本审核和查询记录',
    text: '审核未满 16 周岁孩子的监护人绑定；查看本地区的重复参保冲突和每一次查询参保人的记录。',
    button: '打开户口本审核和查询记录',
    url: '/packages/office/reviews',
  },
]
