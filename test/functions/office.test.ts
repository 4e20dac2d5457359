import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { parseApiError } from '@canbao/shared'
import { call, json, login, makeId, officeUser, setProfile, uploadCsv, waitForJob } from './helpers'

const HEADER = '身份证号,年度,险种,缴费日期,基金支付金额分,使用激励'

/** Synthetic residents of Chengdu, distinct by birth date and sequence. */
function residents(count: number, start = 0): string[] {
  const ids: string[] = []
  for (let i = start; i < start + count; i++) {
    const day = new Date(Date.UTC(1950, 0, 1) + (i % 18000) * 86_400_000).toISOString().slice(0, 10)
    ids.push(makeId('510104', day, Math.floor(i / 18000) + 1))
  }
  return ids
}

function csvFor(ids: string[], year = 2025): string {
  return (
    [
      HEADER,
      ...ids.map(
        (id, i) =>
          `${id},${year},居民,${year - 1}-11-0${(i % 9) + 1},${i % 3 === 0 ? 0 : 5000 + i},${i % 5 === 0 ? '是' : '否'}`,
      ),
    ].join('\r\n') + '\r\n'
  )
}

describe('office role', () => {
  it('only users granted the role reach office routes; residents get 403', async () => {
    const { token } = await login('office-not')
    for (const [method, path] of [
      ['GET', '/api/office/imports'],
      ['GET', '/api/office/residents'],
      ['POST', '/api/office/imports'],
    ] as const) {
      const res = await call(method, path, {
        token,
        body: method === 'POST' ? 'x' : undefined,
        headers: { 'content-type': 'text/csv' },
      })
      expect(res.status, path).toBe(403)
      expect(parseApiError(await json(res))?.message).toMatch(/医保经办机构/)
    }
  })

  it('takes effect at once when revoked, even with a token issued while it held', async () => {
    const office = await officeUser('office-revoked', '51', null)
    expect((await call('GET', '/api/office/imports', { token: office.token })).status).toBe(200)
    await env.DB.prepare(
      `UPDATE users SET role = 'resident', office_province = NULL, office_region = NULL WHERE id = ?1`,
    )
      .bind(office.user.id)
      .run()
    expect((await call('GET', '/api/office/imports', { token: office.token })).status).toBe(403)
  })

  it('login tells the mini-program the office scope', async () => {
    const office = await officeUser('office-scope', '14', '140500')
    expect(office.user).toMatchObject({
      role: 'office',
      office: { province: '14', region: '140500', scopeNameZh: '山西省晋城市' },
    })
  })
})

describe('POST /api/office/imports', () => {
  it('applies a good file in one go and a re-import of the same file changes nothing', async () => {
    const office = await officeUser('import-good', '51', '510100')
    const ids = residents(30, 100)
    const csv = csvFor(ids)
    const first = await uploadCsv(office.token, csv, '成都2025.csv')
    expect(first.status).toBe(201)
    const job = (await json(first)).job
    expect(job).toMatchObject({
      status: 'done',
      fileName: '成都2025.csv',
      totalRows: 30,
      processedRows: 30,
      percent: 100,
      insertedRows: 30,
      updatedRows: 0,
      unchangedRows: 0,
    })
    const before = await env.DB.prepare(
      `SELECT id_hash, year, job_id, updated_at FROM office_records WHERE scope = '510100' ORDER BY id_hash`,
    ).all()
    const again = await json(await uploadCsv(office.token, csv))
    expect(again.job).toMatchObject({ status: 'done', insertedRows: 0, updatedRows: 0, unchangedRows: 30 })
    const after = await env.DB.prepare(
      `SELECT id_hash, year, job_id, updated_at FROM office_records WHERE scope = '510100' ORDER BY id_hash`,
    ).all()
    expect(after.results).toEqual(before.results)
    // One changed line is one update.
    const changed = csv.replace(`${ids[1]},2025,居民,2024-11-02,5001,否`, `${ids[1]},2025,居民,2024-11-02,7777,否`)
    expect((await json(await uploadCsv(office.token, changed))).job).toMatchObject({
      insertedRows: 0,
      updatedRows: 1,
      unchangedRows: 29,
    })
    const history = await json(await call('GET', '/api/office/imports', { token: office.token }))
    expect(history.jobs.map((j: { unchangedRows: number }) => j.unchangedRows)).toEqual([29, 30, 0])
  })

  it('rejects the whole file when any line is bad, with line-numbered Chinese errors, and stores nothing', async () => {
    const office = await officeUser('import-bad', '51', '510100')
    const jobsBefore = (await json(await call('GET', '/api/office/imports', { token: office.token }))).jobs.length
    const [a, b, c] = residents(3, 500)
    const badCheck = a!.slice(0, 17) + (a![17] === '0' ? '1' : '0')
    const csv = [
      HEADER,
      `${b},2025,居民,2024-11-01,0,否`,
      `${badCheck},2025,居民,2024-11-01,0,否`,
      `${c},2025,退休,2024-11-01,0,否`,
      `${c},2025,居民,2024-02-30,0,否`,
      `${b},2025,居民,2024-11-01,0,否`,
      `5.10104E+17,2025,居民,2024-11-01,0,否`,
      `${c},2024,居民,2023-11-01,12.5,否`,
      `${c},2023,居民,2022-11-01,0`,
      '',
    ].join('\n')
    const res = await uploadCsv(office.token, csv)
    expect(res.status).toBe(422)
    const text = await res.text()
    for (const id of [a, b, c, badCheck]) expect(text).not.toContain(id)
    const body = JSON.parse(text)
    expect(body.error.code).toBe('IMPORT_REJECTED')
    // Line 5 is wrong twice: an impossible date, and the same person and year as line 4.
    expect(body.errorCount).toBe(8)
    const byLine: Record<number, string> = {}
    for (const e of body.errors as { line: number; message: string }[])
      byLine[e.line] = byLine[e.line] ? `${byLine[e.line]} | ${e.message}` : e.message
    // Review 25: the line is its own field; the message does not repeat it (the page prints "第3行（列）：").
    expect(byLine[3]).toMatch(/^[^第].*校验码/)
    expect(byLine[4]).toMatch(/^险种只能填/)
    expect(byLine[5]).toMatch(/^缴费日期不是真实的日期.* \| 与第 4 行重复/)
    expect(byLine[6]).toMatch(/^与第 2 行重复/)
    // The issues list has no line beside each message, so there each message names its line.
    expect(body.error.issues.find((i: { path: string }) => i.path === 'line:4').message).toMatch(/^第 4 行：险种只能填/)
    expect(byLine[7]).toMatch(/科学计数法/)
    expect(byLine[8]).toMatch(/单位是“分”/)
    expect(byLine[9]).toMatch(/有 5 列，表头有 6 列/)
    expect(body.error.issues[0]).toMatchObject({ path: 'line:3', code: 'IMPORT_LINE' })
    const stored = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM office_records WHERE id_hash IN (SELECT id_hash FROM import_staging)`,
    ).first<{ n: number }>()
    expect(stored?.n).toBe(0)
    expect((await json(await call('GET', '/api/office/imports', { token: office.token }))).jobs.length).toBe(jobsBefore)
  })

  it('accepts UTF-8 with a BOM, English headers, quoted fields and Excel dates', async () => {
    const office = await officeUser('import-bom', '14', null)
    const [id] = residents(1, 900)
      .map((x) => '140105' + x.slice(6, 17))
      .map((x) =>
        makeId(x.slice(0, 6), `${x.slice(6, 10)}-${x.slice(10, 12)}-${x.slice(12, 14)}`, Number(x.slice(14, 17))),
      )
    const csv =
      '\uFEFFid_number,year,scheme,paid_on,fund_paid_fen,incentive_used,ended_on\r\n' +
      `"${id}",2025,"resident","2024/11/3",,,\r\n` +
      `${id},2024,employee,,,,2024-06-30\r\n`
    const res = await uploadCsv(office.token, csv)
    expect(res.status, await res.clone().text()).toBe(201)
    expect((await json(res)).job.insertedRows).toBe(2)
  })

  it('refuses GBK and UTF-16 files with a message saying how to save as UTF-8', async () => {
    const office = await officeUser('import-gbk', '51', null)
    // "身份证号" in GBK, then ASCII.
    const gbk = new Uint8Array([0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0xba, 0xc5, 0x2c, 0x31, 0x0a])
    const res = await uploadCsv(office.token, gbk)
    expect(res.status).toBe(415)
    expect(parseApiError(await json(res))).toMatchObject({
      code: 'IMPORT_ENCODING',
      message: expect.stringMatching(/GBK.*CSV UTF-8/),
    })
    const utf16 = new Uint8Array([0xff, 0xfe, 0x2c, 0x00])
    const res16 = await uploadCsv(office.token, utf16)
    expect(res16.status).toBe(415)
    expect(parseApiError(await json(res16))?.message).toMatch(/UTF-16/)
  })

  it('accepts the file as multipart form field `file` (wx.uploadFile)', async () => {
    const office = await officeUser('import-multipart', '51', '510100')
    const form = new FormData()
    form.append('file', new File([csvFor(residents(2, 950))], 'form.csv', { type: 'text/csv' }))
    const res = await call('POST', '/api/office/imports', { token: office.token, body: form })
    expect(res.status).toBe(201)
    expect((await json(res)).job).toMatchObject({ fileName: 'form.csv', insertedRows: 2 })
  })

  it('processes a large file in chunks through the queue, with pollable progress, applied all at once', async () => {
    const office = await officeUser('import-large', '51', '510100')
    const ids = residents(12_000, 2_000)
    const res = await uploadCsv(office.token, csvFor(ids, 2026))
    expect(res.status).toBe(202)
    const queued = (await json(res)).job
    expect(queued).toMatchObject({ status: 'queued', totalRows: 12_000, percent: 0 })
    const seen = new Set<number>()
    let job = queued
    while (job.status !== 'done') {
      seen.add(job.percent)
      // Until the end, readers see none of the file. Status and rows are read in one statement (one snapshot):
      // the job may finish between the poll above and this read.
      const snapshot = await env.DB.prepare(
        `SELECT (SELECT status FROM import_jobs WHERE id = ?1) AS status,
           (SELECT COUNT(*) FROM office_records WHERE job_id = ?1) AS n`,
      )
        .bind(job.id)
        .first<{ status: string; n: number }>()
      if (snapshot?.status !== 'done') expect(snapshot?.n).toBe(0)
      await new Promise((r) => setTimeout(r, 20))
      job = (await json(await call('GET', `/api/office/imports/${queued.id}`, { token: office.token }))).job
    }
    expect(job).toMatchObject({ percent: 100, processedRows: 12_000, insertedRows: 12_000 })
    const stored = await env.DB.prepare(`SELECT COUNT(*) AS n FROM office_records WHERE job_id = ?1`)
      .bind(job.id)
      .first<{ n: number }>()
    expect(stored?.n).toBe(12_000)
    const leftovers = await env.DB.prepare(
      `SELECT (SELECT COUNT(*) FROM import_chunks) + (SELECT COUNT(*) FROM import_staging) AS n`,
    ).first<{ n: number }>()
    expect(leftovers?.n).toBe(0)
  })

  it('lets one import run per office at a time', async () => {
    const office = await officeUser('import-busy', '52', null)
    const ids = residents(11_000, 30_000).map((x) =>
      makeId('520102', `${x.slice(6, 10)}-${x.slice(10, 12)}-${x.slice(12, 14)}`, Number(x.slice(14, 17))),
    )
    const first = await uploadCsv(office.token, csvFor(ids))
    expect(first.status).toBe(202)
    const second = await uploadCsv(office.token, csvFor(ids.slice(0, 3)))
    expect(second.status).toBe(409)
    expect(parseApiError(await json(second))?.code).toBe('IMPORT_BUSY')
    await waitForJob(office.token, (await json(first)).job.id)
    expect((await uploadCsv(office.token, csvFor(ids.slice(0, 3)))).status).toBe(201)
  })
})

describe('office visibility', () => {
  it('an office sees its own region’s residents and jobs; another region’s office gets 404 for both', async () => {
    const id = makeId('510104', '1960-06-06', 66)
    const resident = await login('vis-resident')
    await setProfile(resident.token, { name: '郑十一', idNumber: id, province: '51', region: '510100' })
    const chengdu = await officeUser('vis-chengdu', '51', '510100')
    const sichuan = await officeUser('vis-sichuan', '51', null)
    const mianyang = await officeUser('vis-mianyang', '51', '510700')
    const shanxi = await officeUser('vis-shanxi', '14', null)
    const upload = await json(await uploadCsv(chengdu.token, `${HEADER}\n${id},2025,居民,2024-11-01,0,否\n`))

    const lookup = (token: string) => call('POST', '/api/office/residents/lookup', { token, json: { idNumber: id } })
    const seen = await lookup(chengdu.token)
    expect(seen.status).toBe(200)
    const text = await seen.text()
    expect(text).not.toContain(id)
    expect(JSON.parse(text).resident).toMatchObject({
      name: '郑十一',
      idNumberMasked: `5101**********${id.slice(14)}`,
      region: '510100',
    })
    expect((await lookup(sichuan.token)).status).toBe(200)
    for (const other of [mianyang, shanxi]) {
      const res = await lookup(other.token)
      expect(res.status).toBe(404)
      expect(await res.text()).not.toContain('郑十一')
      expect((await call('GET', `/api/office/imports/${upload.job.id}`, { token: other.token })).status).toBe(404)
      const list = await json(await call('GET', '/api/office/residents', { token: other.token }))
      expect(list.residents.some((r: { name: string }) => r.name === '郑十一')).toBe(false)
    }
    // Nobody learns whether an unknown ID exists: the answer is the same 404.
    const unknown = await call('POST', '/api/office/residents/lookup', {
      token: mianyang.token,
      json: { idNumber: makeId('510104', '1961-01-01', 1) },
    })
    expect(unknown.status).toBe(404)
    expect(await json(unknown)).toEqual(await json(await lookup(mianyang.token)))

    const list = await json(await call('GET', '/api/office/residents', { token: chengdu.token }))
    const row = list.residents.find((r: { name: string }) => r.name === '郑十一')
    expect(row).toMatchObject({ regionNameZh: '成都市' })
    expect((await call('GET', `/api/office/residents/${row.ref}`, { token: chengdu.token })).status).toBe(200)
    expect((await call('GET', `/api/office/residents/${row.ref}`, { token: mianyang.token })).status).toBe(404)
  })

  it('an office sees the records it imported for someone who has not signed up, and nothing else', async () => {
    const id = makeId('230102', '1950-01-01', 7)
    const harbin = await officeUser('vis-harbin', '23', '230100')
    await uploadCsv(harbin.token, `${HEADER}\n${id},2025,居民,2024-11-01,0,否\n`)
    const res = await json(
      await call('POST', '/api/office/residents/lookup', { token: harbin.token, json: { idNumber: id } }),
    )
    expect(res.resident).toMatchObject({
      name: null,
      birthDate: '1950-01-01',
      history: [{ year: 2025, source: 'office' }],
    })
    const qiqihar = await officeUser('vis-qiqihar', '23', '230200')
    expect(
      (await call('POST', '/api/office/residents/lookup', { token: qiqihar.token, json: { idNumber: id } })).status,
    ).toBe(404)
  })

  it('a resident cannot read another resident’s data: /api/me only ever answers for the caller', async () => {
    const a = await login('vis-a')
    await setProfile(a.token, { name: '甲', idNumber: makeId('360102', '1977-07-07', 77), province: '36' })
    const b = await login('vis-b')
    const me = await json(await call('GET', '/api/me', { token: b.token }))
    expect(me.user.profile).toBeNull()
    expect((await call('GET', '/api/me/profile', { token: b.token })).status).toBe(404)
    expect((await call('GET', '/api/me/entitlement', { token: b.token })).status).toBe(409)
    // No route takes another user's id; office lookups are closed to residents.
    expect(
      (
        await call('POST', '/api/office/residents/lookup', {
          token: b.token,
          json: { idNumber: makeId('360102', '1977-07-07', 77) },
        })
      ).status,
    ).toBe(403)
  })
})

describe('import pipeline, chunk by chunk', () => {
  it('reports progress after every chunk and shows nothing until the final apply', async () => {
    const { createImport, processJob } = await import('../../functions/src/imports/pipeline')
    const office = await officeUser('import-chunks', '52', '520100')
    const ids = residents(12_000, 60_000).map((x) =>
      makeId('520102', `${x.slice(6, 10)}-${x.slice(10, 12)}-${x.slice(12, 14)}`, Number(x.slice(14, 17))),
    )
    // The queue is held back so the test advances the job itself, one chunk (5,000 rows) per step.
    const held = { ...env, IMPORTS: { send: async () => {} } } as unknown as typeof env
    const scope = { userId: office.user.id, province: '52', region: '520100', scope: '520100' }
    const { job } = await createImport(
      held,
      scope,
      { bytes: new TextEncoder().encode(csvFor(ids)) as Uint8Array<ArrayBuffer>, name: 'chunks.csv' },
      '2026-01-01',
    )
    const percents: number[] = []
    const visible: number[] = []
    for (let step = 0; step < 10; step++) {
      const current = (await json(await call('GET', `/api/office/imports/${job.id}`, { token: office.token }))).job
      percents.push(current.percent)
      visible.push(
        (
          await env.DB.prepare('SELECT COUNT(*) AS n FROM office_records WHERE job_id = ?1')
            .bind(job.id)
            .first<{ n: number }>()
        )?.n ?? -1,
      )
      if (current.status === 'done') break
      await processJob(held, job.id, 0)
    }
    // 99 %: every row staged, the apply still to come.
    expect(percents).toEqual([0, 41, 83, 99, 100])
    expect(visible).toEqual([0, 0, 0, 0, 12_000])
  })
})

describe('an import that cannot be processed', () => {
  it('is retried, then marked failed with a Chinese message after the last attempt; nothing is applied', async () => {
    const { createMessageBatch, createExecutionContext, getQueueResult } = await import('cloudflare:test')
    const { createImport } = await import('../../functions/src/imports/pipeline')
    const handler = (await import('../../functions/src/index')).default
    const office = await officeUser('import-broken', '36', '360700')
    const ids = residents(6_000, 80_000).map((x) =>
      makeId('360702', `${x.slice(6, 10)}-${x.slice(10, 12)}-${x.slice(12, 14)}`, Number(x.slice(14, 17))),
    )
    const held = { ...env, IMPORTS: { send: async () => {} } } as unknown as typeof env
    const scope = { userId: office.user.id, province: '36', region: '360700', scope: '360700' }
    const { job } = await createImport(
      held,
      scope,
      { bytes: new TextEncoder().encode(csvFor(ids)) as Uint8Array<ArrayBuffer>, name: 'broken.csv' },
      '2026-01-01',
    )
    // A chunk that no longer decrypts (as if the key had been rotated away mid-import).
    await env.DB.prepare(
      `UPDATE import_chunks SET payload_enc = 'v1.AAAAAAAAAAAAAAAA.AAAA' WHERE job_id = ?1 AND seq = 1`,
    )
      .bind(job.id)
      .run()

    const deliver = async (attempts: number) => {
      const batch = createMessageBatch('canbao-imports', [
        { id: `m${attempts}`, timestamp: new Date(), attempts, body: { jobId: job.id } },
      ])
      const ctx = createExecutionContext()
      await handler.queue(batch as never, held as never, ctx as never)
      return getQueueResult(batch, ctx)
    }
    // One chunk per delivery: the first stages chunk 0 and hands on; the next meets the broken chunk and asks
    // for a retry rather than acknowledging.
    expect((await deliver(1)).explicitAcks).toEqual(['m1'])
    const broken = await deliver(2)
    expect(broken.retryMessages.map((m) => m.msgId)).toEqual(['m2'])
    expect((await json(await call('GET', `/api/office/imports/${job.id}`, { token: office.token }))).job.status).toBe(
      'processing',
    )
    const last = await deliver(4)
    expect(last.explicitAcks).toEqual(['m4'])
    const failed = (await json(await call('GET', `/api/office/imports/${job.id}`, { token: office.token }))).job
    expect(failed).toMatchObject({ status: 'failed', message: expect.stringMatching(/记录没有任何改动/) })
    const left = await env.DB.prepare(
      `SELECT (SELECT COUNT(*) FROM import_chunks WHERE job_id = ?1)
         + (SELECT COUNT(*) FROM import_staging WHERE job_id = ?1)
         + (SELECT COUNT(*) FROM office_records WHERE job_id = ?1) AS n`,
    )
      .bind(job.id)
      .first<{ n: number }>()
    expect(left?.n).toBe(0)
    // The office's slot is free again.
    expect((await uploadCsv(office.token, csvFor(ids.slice(0, 2)))).status).toBe(201)
  })
})
