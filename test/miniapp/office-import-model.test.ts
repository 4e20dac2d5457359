import { describe, expect, it } from 'vitest'
import type { ImportJob } from '@canbao/shared/api/office'
import { parseImportCsv } from '@canbao/shared/api/import-csv'
import { residentIdCheckChar } from '@canbao/shared/api/resident-id'
import {
  figuresHeldZh,
  historyLine,
  importColumnsZh,
  importIntroZh,
  jobResult,
  lineErrorText,
  moreErrorsText,
  polledState,
  uploadBusy,
  uploadedState,
  workbenchCards,
} from '../../miniapp/src/packages/office/import-model'

const job = (patch: Partial<ImportJob> = {}): ImportJob => ({
  id: 'imp_1',
  status: 'processing',
  fileName: 'chengdu.csv',
  totalRows: 30,
  processedRows: 10,
  percent: 33,
  insertedRows: null,
  updatedRows: null,
  unchangedRows: null,
  conflictRows: null,
  message: null,
  createdAt: '2026-12-01T17:05:00.000Z',
  finishedAt: null,
  ...patch,
})

const done = job({
  status: 'done',
  processedRows: 30,
  percent: 100,
  insertedRows: 28,
  updatedRows: 2,
  unchangedRows: 0,
})

describe('office import: one upload', () => {
  it('an accepted file is followed until done, and the upload button waits meanwhile', () => {
    const running = uploadedState({ kind: 'accepted', job: job() }, 'chengdu.csv')
    expect(running.phase).toBe('running')
    expect(uploadBusy(running)).toBe(true)
    expect(uploadBusy({ phase: 'uploading', fileName: 'chengdu.csv' })).toBe(true)
    const finished = polledState(job(), { ok: true, data: { job: done } })
    expect(finished).toEqual({ phase: 'done', job: done })
    expect(uploadBusy(finished)).toBe(false)
  })

  it('a dropped poll keeps the last progress on screen and keeps watching', () => {
    expect(polledState(job({ processedRows: 12 }), { ok: false })).toEqual({
      phase: 'running',
      job: job({ processedRows: 12 }),
    })
  })

  it('a finished import says what it added, changed and left, and the 重复参保 rows it did not import', () => {
    expect(jobResult(done)).toEqual({ ok: true, text: '导入完成：新增28条，更新2条，未变化0条。' })
    const conflicts = jobResult({ ...done, conflictRows: 3 })
    expect(conflicts?.text).toMatch(/另有3条因其他统筹地区已有同一人同一年度的记录（重复参保）没有导入。$/)
    expect(jobResult(job())).toBeNull()
  })

  it('a failed import says nothing changed, unless the Worker says why', () => {
    expect(jobResult(job({ status: 'failed' }))).toEqual({ ok: false, text: '导入失败，数据没有改变，请重试。' })
    expect(jobResult(job({ status: 'failed', message: '文件太大' }))).toEqual({ ok: false, text: '文件太大' })
  })

  it('a refused file keeps its name and lists each line, and counts the errors not listed', () => {
    const state = uploadedState(
      {
        kind: 'rejected',
        message: '有 5 处错误，整个文件都没有导入',
        errorCount: 5,
        errors: [
          { line: 3, column: '身份证号', message: '校验位不对' },
          { line: 0, column: null, message: '缺少列：参保年度' },
        ],
      },
      'bad.csv',
    )
    expect(state).toMatchObject({ phase: 'rejected', fileName: 'bad.csv' })
    if (state.phase !== 'rejected') return
    expect(state.errors.map(lineErrorText)).toEqual(['第3行（身份证号）：校验位不对', '文件：缺少列：参保年度'])
    expect(moreErrorsText(state)).toBe('另有 3 处错误未列出。')
    expect(moreErrorsText({ errorCount: 2, errors: [1, 2] })).toBeNull()
    expect(uploadBusy(state)).toBe(false)
  })

  it('a network failure shows its message and lets the clerk choose again', () => {
    const error = { code: 'NETWORK_OFFLINE' as const, message: '网络连接不上，请检查网络后重试。', status: null }
    const state = uploadedState({ kind: 'failed', error }, 'x.csv')
    expect(state).toEqual({ phase: 'failed', error })
    expect(uploadBusy(state)).toBe(false)
  })
})

describe('office import: the page around it', () => {
  it('a past import reads file, state, rows, Beijing time and the counts, with no internal id', () => {
    const line = historyLine(done)
    expect(line.title).toBe('chengdu.csv')
    expect(line.detail).toBe('已完成 · 30行 · 北京时间 2026年12月2日 01:05 · 新增28条、更新2条、未变化0条')
    expect(historyLine(job({ fileName: null })).title).not.toContain('imp_')
  })

  it('the intro names the office and says one bad line stops the whole file', () => {
    expect(importIntroZh('成都市')).toMatch(/^成都市：上传 CSV 文件/)
    expect(importIntroZh('成都市')).toContain('有任何一行出错，整个文件都不会导入')
  })

  it('tells a clerk how to save the file and the amount’s unit in Excel’s words, not BOM/GBK (review 12)', () => {
    const intro = importIntroZh('成都市')
    expect(intro).toContain('请用 Excel 的“另存为 → CSV UTF-8（逗号分隔）”保存后上传')
    expect(intro).not.toMatch(/BOM|GBK/)
    const columns = importColumnsZh()
    expect(columns).not.toContain('金额分')
    expect(columns).toContain('基金支付金额（分）（可空）')
    expect(columns).toContain('基金支付金额的单位是“分”（1元 = 100分）')
    // every listed name is a header the import takes, so a clerk may copy the list into the first row
    const headers = (columns.replace(/^第一行写列名：/, '').split('。')[0] ?? '').split('、')
    const first17 = '51010419610210001'
    const row = `${first17}${residentIdCheckChar(first17)},2026,resident,2025-11-02,0,否,`
    const csv = `${headers.map((h) => h.replace(/（可空）$/, '')).join(',')}\n${row}\n`
    expect(parseImportCsv(csv, '2026-12-02')).toMatchObject({ ok: true, rows: [{ fundPaidFen: 0 }] })
  })

  it('the figures card says what the region’s page really holds: no cap row for 成都, a cap for 南昌', () => {
    const chengdu = figuresHeldZh({ province: '51', region: '510100' })
    expect(chengdu).not.toContain('封顶线')
    expect(chengdu).toContain('缴费标准')
    expect(chengdu).toContain('集中参保期')
    expect(figuresHeldZh({ province: '36', region: '360100' })).toContain('封顶线')
    const cards = workbenchCards({ province: '51', region: '510100' })
    expect(cards.map((c) => c.id)).toEqual(['go-figures', 'go-campaign', 'go-reviews'])
    expect(cards[0]?.text).not.toContain('封顶线')
  })
})
