import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { call, json, login, makeId, officeUser, setProfile, uploadCsv } from './helpers'
import { markVerified } from './verified'

const HEADER = '身份证号,年度,险种,缴费日期'
let seq = 300
const nextId = (region6: string, birth: string) => makeId(region6, birth, seq++)

async function history(token: string) {
  return (await json(await call('GET', '/api/me/history', { token }))).history as {
    year: number
    paidOn?: string
    source: string
  }[]
}

describe('office imports stay in the office’s area', () => {
  it('the Chengdu office cannot import a row for Shanxi’s 李四: the file fails at that line, hers stands', async () => {
    const lisiId = nextId('140105', '1968-04-04')
    const lisi = await login('scope-lisi')
    await setProfile(lisi.token, { name: '李四', idNumber: lisiId, province: '14', region: '140100' })
    await markVerified(lisi.user.id)
    const taiyuan = await officeUser('scope-taiyuan', '14', '140100')
    expect((await uploadCsv(taiyuan.token, `${HEADER}\n${lisiId},2025,居民,2024-12-01\n`)).status).toBe(201)
    const before = await history(lisi.token)
    expect(before).toEqual([expect.objectContaining({ year: 2025, paidOn: '2024-12-01', source: 'office' })])

    const chengdu = await officeUser('scope-chengdu', '51', '510100')
    const mine = nextId('510104', '1970-01-01')
    const res = await uploadCsv(
      chengdu.token,
      `${HEADER}\n${mine},2025,居民,2024-10-01\n${lisiId},2025,居民,2024-09-01\n${lisiId},2026,居民,2025-09-01\n`,
    )
    expect(res.status).toBe(422)
    const body = await json(res)
    expect(body.error.code).toBe('IMPORT_REJECTED')
    const lines = body.error.issues.map((i: { path: string; message: string }) => `${i.path} ${i.message}`)
    expect(lines).toEqual([
      expect.stringMatching(/^line:3 第 3 行：.*不在本机构的管理范围内/),
      expect.stringMatching(/^line:4 第 4 行：/),
    ])
    // Nothing of Shanxi's data in the answer: not her name, region, the other office's date.
    const text = JSON.stringify(body)
    for (const leak of ['李四', '山西', '太原', '140100', '2024-12-01', lisiId]) expect(text).not.toContain(leak)
    expect(await history(lisi.token)).toEqual(before)
    const stored = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM office_records
       WHERE scope = '510100' AND job_id IN (SELECT id FROM import_jobs WHERE created_by = ?1)`,
    )
      .bind(chengdu.user.id)
      .first<{ n: number }>()
    expect(stored?.n).toBe(0)
  })

  it('refuses a person whose only records are another region’s, even without a profile', async () => {
    const id = nextId('140105', '1971-05-05')
    const taiyuan = await officeUser('scope-taiyuan-2', '14', '140100')
    expect((await uploadCsv(taiyuan.token, `${HEADER}\n${id},2024,居民,2023-12-01\n`)).status).toBe(201)
    const chengdu = await officeUser('scope-chengdu-2', '51', '510100')
    const res = await uploadCsv(chengdu.token, `${HEADER}\n${id},2025,居民,2024-10-01\n`)
    expect(res.status).toBe(422)
    expect((await json(res)).error.issues[0].message).toMatch(/^第 2 行：/)
  })

  it('takes a person verified here despite old records elsewhere; one person-year twice is 重复参保 for both', async () => {
    const id = nextId('510104', '1972-06-06')
    const mianyang = await officeUser('scope-mianyang', '51', '510700')
    expect((await uploadCsv(mianyang.token, `${HEADER}\n${id},2024,居民,2023-12-01\n`)).status).toBe(201)
    const person = await login('scope-moved')
    await setProfile(person.token, { name: '搬家人', idNumber: id, province: '51', region: '510100' })
    await markVerified(person.user.id)
    const chengdu = await officeUser('scope-chengdu-3', '51', '510100')
    const res = await uploadCsv(chengdu.token, `${HEADER}\n${id},2024,居民,2023-11-11\n${id},2025,居民,2024-11-11\n`)
    expect(res.status, await res.clone().text()).toBe(201)
    const { job } = await json(res)
    expect(job).toMatchObject({ status: 'done', insertedRows: 1, conflictRows: 1 })
    // 2024 stays Mianyang's record; 2025 is Chengdu's.
    expect(await history(person.token)).toEqual([
      expect.objectContaining({ year: 2024, paidOn: '2023-12-01' }),
      expect.objectContaining({ year: 2025, paidOn: '2024-11-11' }),
    ])
    for (const office of [chengdu, mianyang]) {
      const conflicts = await json(await call('GET', '/api/office/conflicts', { token: office.token }))
      expect(conflicts.total).toBeGreaterThanOrEqual(1)
    }
    const c = await json(await call('GET', '/api/office/conflicts', { token: chengdu.token }))
    expect(c).toMatchObject({ asImporter: 1, asHolder: 0 })
    const m = await json(await call('GET', '/api/office/conflicts', { token: mianyang.token }))
    expect(m).toMatchObject({ asImporter: 0, asHolder: 1 })
  })

  it('accepts a person unverified elsewhere with no records there: a self-declared region is no claim', async () => {
    const id = nextId('510104', '1973-07-07')
    const person = await login('scope-unverified')
    await setProfile(
      person.token,
      { name: '未核身', idNumber: id, province: '14', region: '140100' },
      { verify: false },
    )
    const chengdu = await officeUser('scope-chengdu-4', '51', '510100')
    const res = await uploadCsv(chengdu.token, `${HEADER}\n${id},2025,居民,2024-10-01\n`)
    expect(res.status).toBe(201)
  })
})

describe('uploads', () => {
  it('a malformed multipart body is a 400 with a Chinese message, not a 500', async () => {
    const office = await officeUser('scope-multipart', '51', '510100')
    for (const [type, body] of [
      ['multipart/form-data', 'whatever'],
      [
        'multipart/form-data; boundary=zzz',
        '--zzz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n身份证号',
      ],
      ['multipart/form-data; boundary=', '--\r\n'],
    ] as const) {
      const res = await call('POST', '/api/office/imports', {
        token: office.token,
        body,
        headers: { 'content-type': type },
      })
      expect(res.status, `${type} ${body}`).toBe(400)
      expect((await json(res)).error.message).toMatch(/表单格式不正确|没有收到文件/)
    }
  })

  it('stores file names without control characters, with ID-length digit runs masked', async () => {
    const office = await officeUser('scope-filename', '51', '510100')
    const person = nextId('510104', '1974-08-08')
    const csv = `${HEADER}\n${nextId('510104', '1975-09-09')},2025,居民,2024-10-01\n`
    const res = await uploadCsv(office.token, csv, `\u202E${person}\u0007名单\u200B.csv`)
    expect(res.status).toBe(201)
    const { job } = await json(res)
    expect(job.fileName).toBe(`${person.slice(0, 4)}**********${person.slice(-4)}名单.csv`)
    const row = await env.DB.prepare('SELECT file_name FROM import_jobs WHERE id = ?1')
      .bind(job.id)
      .first<{ file_name: string }>()
    expect(row?.file_name).toBe(job.fileName)

    const form = new FormData()
    form.append(
      'file',
      new File([csv.replace('2025,', '2024,')], `导出\u0001${person}\u2066.csv`, { type: 'text/csv' }),
    )
    const formRes = await call('POST', '/api/office/imports', { token: office.token, body: form })
    const viaForm = await json(formRes)
    expect(formRes.status, JSON.stringify(viaForm)).toBe(201)
    expect(viaForm.job.fileName).toBe(`导出${person.slice(0, 4)}**********${person.slice(-4)}.csv`)
  })
})

describe('office read audit', () => {
  it('audits who, when, whom (ID hash) and route of each look-up, list and detail; areas list their own', async () => {
    const id = nextId('510104', '1976-10-10')
    const person = await login('scope-audited')
    await setProfile(person.token, { name: '被查询人', idNumber: id, province: '51', region: '510100' })
    const chengdu = await officeUser('scope-audit-cd', '51', '510100')
    const mianyang = await officeUser('scope-audit-my', '51', '510700')
    const sichuan = await officeUser('scope-audit-sc', '51', null)
    const count = async () => (await env.DB.prepare('SELECT COUNT(*) AS n FROM office_audit').first<{ n: number }>())!.n
    const start = await count()

    expect(
      (await call('POST', '/api/office/residents/lookup', { token: chengdu.token, json: { idNumber: id } })).status,
    ).toBe(200)
    const list = await json(await call('GET', '/api/office/residents?limit=100', { token: chengdu.token }))
    const ref = list.residents.find((r: { name: string }) => r.name === '被查询人').ref
    expect((await call('GET', `/api/office/residents/${ref}`, { token: chengdu.token })).status).toBe(200)
    // Another prefecture trying the number: not found, and still recorded against that prefecture.
    expect(
      (await call('POST', '/api/office/residents/lookup', { token: mianyang.token, json: { idNumber: id } })).status,
    ).toBe(404)
    expect(await count()).toBe(start + 3 + list.residents.length)

    const rows = await env.DB.prepare(
      `SELECT office_user_id, office_scope, id_hash, id_masked, route FROM office_audit
       WHERE id_hash = ?1 ORDER BY seq`,
    )
      .bind(ref)
      .all()
    expect(rows.results).toEqual([
      {
        office_user_id: chengdu.user.id,
        office_scope: '510100',
        id_hash: ref,
        id_masked: `5101**********${id.slice(14)}`,
        route: 'POST /api/office/residents/lookup',
      },
      {
        office_user_id: chengdu.user.id,
        office_scope: '510100',
        id_hash: ref,
        id_masked: `5101**********${id.slice(14)}`,
        route: 'GET /api/office/residents',
      },
      {
        office_user_id: chengdu.user.id,
        office_scope: '510100',
        id_hash: ref,
        id_masked: `5101**********${id.slice(14)}`,
        route: 'GET /api/office/residents/:ref',
      },
      {
        office_user_id: mianyang.user.id,
        office_scope: '510700',
        id_hash: ref,
        id_masked: null,
        route: 'POST /api/office/residents/lookup',
      },
    ])

    const cd = await json(await call('GET', '/api/office/audit?limit=200', { token: chengdu.token }))
    expect(cd.entries.length).toBeGreaterThanOrEqual(3)
    expect(cd.entries.every((e: { officeScope: string }) => e.officeScope === '510100')).toBe(true)
    expect(cd.entries[0]).toMatchObject({
      actor: chengdu.user.id,
      officeScopeNameZh: '成都市',
      routeZh: '查看参保人详情',
      idNumberMasked: `5101**********${id.slice(14)}`,
    })
    expect(JSON.stringify(cd)).not.toContain(id)
    const my = await json(await call('GET', '/api/office/audit', { token: mianyang.token }))
    expect(my.entries.map((e: { officeScope: string }) => e.officeScope)).toEqual(['510700'])
    // The province office sees its prefectures' entries.
    const sc = await json(await call('GET', '/api/office/audit?limit=200', { token: sichuan.token }))
    expect(new Set(sc.entries.map((e: { officeScope: string }) => e.officeScope))).toEqual(
      new Set(['510100', '510700']),
    )
    // Entries cannot be rewritten.
    await expect(env.DB.prepare('DELETE FROM office_audit').run()).rejects.toThrow(/immutable/)
    // A resident cannot read the audit.
    expect((await call('GET', '/api/office/audit', { token: person.token })).status).toBe(403)
  })
})

describe('an import whose worker died', () => {
  it('is resumed by the five-minute cron without a new upload, finishes, and fails if it stalls again', async () => {
    const { createImport } = await import('../../functions/src/imports/pipeline')
    const { RECONCILE_CRON } = await import('../../functions/src/lib/schedule')
    const { createScheduledController, createExecutionContext, createMessageBatch } = await import('cloudflare:test')
    const handler = (await import('../../functions/src/index')).default
    const office = await officeUser('scope-stalled', '52', '520100')
    const ids = Array.from({ length: 6_000 }, (_, i) =>
      makeId('520102', new Date(Date.UTC(1950, 0, 1) + i * 86_400_000).toISOString().slice(0, 10), 7),
    )
    const csv = [HEADER, ...ids.map((id) => `${id},2025,居民,2024-11-01`)].join('\n') + '\n'
    // The first queue message is lost with its worker: nothing processes the job after the upload.
    const sent: unknown[] = []
    const held = { ...env, IMPORTS: { send: async (body: unknown) => void sent.push(body) } } as unknown as typeof env
    const scope = { userId: office.user.id, province: '52', region: '520100', scope: '520100' }
    const { job } = await createImport(
      held,
      scope,
      { bytes: new TextEncoder().encode(csv) as Uint8Array<ArrayBuffer>, name: 'stalled.csv' },
      '2026-01-01',
    )
    expect(job.status).toBe('queued')
    sent.length = 0
    const cron = (at: number) =>
      handler.scheduled(
        createScheduledController({ scheduledTime: at, cron: RECONCILE_CRON }),
        held as never,
        createExecutionContext() as never,
      )

    // Four minutes on: not stalled yet.
    await cron(Date.now() + 4 * 60_000)
    expect(sent).toEqual([])
    // Six minutes on, the cron puts it back on the queue once.
    await cron(Date.now() + 6 * 60_000)
    expect(sent).toEqual([{ jobId: job.id }])
    const deliver = async () => {
      const batch = createMessageBatch('canbao-imports', [
        { id: 'r1', timestamp: new Date(), attempts: 1, body: { jobId: job.id } },
      ])
      await handler.queue(batch as never, held as never, createExecutionContext() as never)
    }
    for (
      let i = 0;
      i < 5 &&
      (await json(await call('GET', `/api/office/imports/${job.id}`, { token: office.token }))).job.status !== 'done';
      i++
    )
      await deliver()
    expect((await json(await call('GET', `/api/office/imports/${job.id}`, { token: office.token }))).job).toMatchObject(
      { status: 'done', insertedRows: 6_000 },
    )

    // A second job that stalls again after its resume is failed, and the office can upload at once.
    const second = await createImport(
      held,
      scope,
      {
        bytes: new TextEncoder().encode(
          csv.replace(/,2025,/g, ',2024,').replace(/2024-11-01/g, '2023-11-01'),
        ) as Uint8Array<ArrayBuffer>,
        name: 'stalled-2.csv',
      },
      '2026-01-01',
    )
    await cron(Date.now() + 6 * 60_000)
    await cron(Date.now() + 12 * 60_000)
    const failed = (await json(await call('GET', `/api/office/imports/${second.job.id}`, { token: office.token }))).job
    expect(failed).toMatchObject({ status: 'failed', message: expect.stringMatching(/中断.*记录没有任何改动/) })
    expect(
      (await uploadCsv(office.token, `${HEADER}\n${makeId('520102', '1990-01-01', 8)},2025,居民,2024-11-01\n`)).status,
    ).toBe(201)
  })
})

describe('campaign texts', () => {
  it('refuse bidi controls, zero-width characters and lone surrogates, naming the problem by the field', async () => {
    const office = await officeUser('scope-campaign-text', '51', '510100')
    const base = {
      title: '全民参保集中宣传月',
      content: '2027年度居民医保开始缴费',
      deadline: '2026-12-31',
      audience: 'all',
    }
    const cases: [string, string, RegExp][] = [
      ['sender', '医保局\u202Eevil', /改变文字显示方向/],
      ['title', '全民\u2066参保', /改变文字显示方向/],
      ['content', '开始\u200B缴费', /零宽字符/],
      ['title', '参保\u2060月', /零宽字符/],
      ['content', '缴费\uD83D', /残缺的字符/],
      ['title', '\uDE00参保', /残缺的字符/],
    ]
    for (const [field, text, message] of cases) {
      const res = await call('POST', '/api/campaigns/preview', {
        token: office.token,
        json: { ...base, [field]: text },
      })
      expect(res.status, `${field} ${JSON.stringify(text)}`).toBe(422)
      const issue = (await json(res)).error.issues[0]
      expect(issue.path).toBe(field)
      expect(issue.message).toMatch(message)
    }
    // A whole emoji (a surrogate pair) is fine.
    expect(
      (await call('POST', '/api/campaigns/preview', { token: office.token, json: { ...base, title: '参保月🎉' } }))
        .status,
    ).toBe(200)
  })
})
