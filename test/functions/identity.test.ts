import { env } from 'cloudflare:workers'
import { sign } from 'hono/jwt'
import { describe, expect, it } from 'vitest'
import { parseApiError } from '@canbao/shared'
import { maskResidentId } from '@canbao/shared/api/resident-id'
import { certHash } from '../../functions/src/wechat'
import { aesKey, encryptText, hmacHex, hmacKey } from '../../functions/src/lib/crypto'
import handler from '../../functions/src/index'
import { GUARDIAN_COMMITMENT_VERSION } from '@canbao/shared/family/index'
import { guardianInvite } from './family-support'
import {
  CONSENT,
  call,
  fakeAdmin,
  json,
  login,
  makeId,
  officeUser,
  setProfile,
  uploadCsv,
  verifyProfile,
  waitForJob,
} from './helpers'

const payloadOf = (token: string) => JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')))

/** An office record and a family-paid year for `idNumber`, written the way an import and a payment would. */
async function recordsFor(idNumber: string, tag: string) {
  const office = await officeUser(`id-office-${tag}`, '51', '510100')
  const upload = await uploadCsv(
    office.token,
    `身份证号,年度,险种,缴费日期,基金支付金额分\n${idNumber},2024,居民,2023-11-01,123456\n`,
  )
  expect(upload.status).toBe(201)
  expect((await waitForJob(office.token, (await json(upload)).job.id)).status).toBe('done')
  const payer = await login(`id-payer-${tag}`)
  const idHash = await hmacHex(await hmacKey(env.ID_HASH_KEY), idNumber)
  const bindingId = `fb_${tag}`
  const now = new Date().toISOString()
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO family_bindings (id, payer_user_id, relationship, relative_name, relative_id_enc, relative_id_hash,
         relative_id_masked, relative_birth_date, relative_province, relative_region, status, consent_kind,
         consented_at, invited_at)
       VALUES (?1, ?2, 'child', '孩子', ?3, ?4, ?5, '2015-05-05', '51', '510100', 'active', 'guardian', ?6, ?6)`,
    ).bind(
      bindingId,
      payer.user.id,
      await encryptText(await aesKey(env.ID_ENC_KEY), idNumber, 'resident-id'),
      idHash,
      maskResidentId(idNumber),
      now,
    ),
    env.DB.prepare(
      `INSERT INTO family_payments (id, payer_user_id, idempotency_key, request_hash, binding_id, payee_id_hash, year,
         item, amount_fen, amount_source, status, created_at, updated_at, completed_at)
       VALUES (?1, ?2, ?3, 'h', ?4, ?5, 2025, 'resident-contribution', 40000, 'test', 'succeeded',
         ?6, ?6, ?6)`,
    ).bind(`fp_${tag}`, payer.user.id, `key-${tag}`, bindingId, idHash, now),
  ])
  return { payer }
}

const sourcesOf = async (token: string) =>
  ((await json(await call('GET', '/api/me/history', { token }))).history as { year: number; source: string }[]).map(
    (e) => `${e.year}:${e.source}`,
  )

describe('an ID number attaches only to a verified profile', () => {
  it('a second account claiming a child’s unregistered ID reads none of her office or family-paid years', async () => {
    const child = makeId('510104', '2015-05-05', 515)
    await recordsFor(child, 'claim')
    const attacker = await login('id-attacker')
    await setProfile(
      attacker.token,
      { name: '随便写', idNumber: child, province: '51', region: '510100' },
      { verify: false },
    )
    const history = await (await call('GET', '/api/me/history', { token: attacker.token })).text()
    expect(history).not.toContain('office')
    expect(history).not.toContain('family')
    expect(history).not.toContain('123456')
    const entitlement = await (await call('GET', '/api/me/entitlement', { token: attacker.token })).text()
    expect(entitlement).not.toContain('123456')
    const exported = await (await call('GET', '/api/me/export', { token: attacker.token })).text()
    expect(exported).not.toContain('123456')
    expect(JSON.parse(exported).officeRecords).toEqual([])
    expect(JSON.parse(exported).familyPaidForMe).toEqual([])
    // The face check is of someone else: WeChat does not pass it, so nothing attaches.
    await fakeAdmin('POST', 'face/next', { name: 'id-attacker', outcome: 90011 })
    const start = await json(await call('POST', '/api/me/verification', { token: attacker.token }))
    const refused = await call('POST', '/api/me/verification/result', {
      token: attacker.token,
      json: { verifyId: start.verifyId },
    })
    expect(refused.status).toBe(422)
    expect(await sourcesOf(attacker.token)).toEqual([])
  })

  it('the office record and the family-paid year appear once the person verifies', async () => {
    const id = makeId('510104', '2014-04-04', 414)
    await recordsFor(id, 'owner')
    const owner = await login('id-owner')
    await setProfile(owner.token, { name: '周小妹', idNumber: id, province: '51', region: '510100' }, { verify: false })
    expect(await sourcesOf(owner.token)).toEqual([])
    const verified = await verifyProfile(owner.token)
    expect(verified.profile.verifiedAt).toEqual(expect.any(String))
    expect(await sourcesOf(owner.token)).toEqual(['2024:office', '2025:family'])
  })

  it('changing the name or ID number ends the verification; other edits keep it', async () => {
    const { token } = await login('id-edit')
    const id = makeId('140105', '1980-02-02', 202)
    await setProfile(token, { name: '李四', idNumber: id, province: '14', region: '140100' })
    const regionOnly = await call('PUT', '/api/me/profile', {
      token,
      json: { name: '李四', idNumber: id, province: '14', sensitiveConsent: CONSENT },
    })
    expect((await json(regionOnly)).profile.verifiedAt).not.toBeNull()
    const renamed = await call('PUT', '/api/me/profile', {
      token,
      json: { name: '李思', idNumber: id, province: '14', sensitiveConsent: CONSENT },
    })
    expect((await json(renamed)).profile.verifiedAt).toBeNull()
    await verifyProfile(token)
    const otherId = await call('PUT', '/api/me/profile', {
      token,
      json: { name: '李思', idNumber: makeId('140105', '1980-02-02', 203), province: '14', sensitiveConsent: CONSENT },
    })
    expect((await json(otherId)).profile.verifiedAt).toBeNull()
  })

  it('a verified person takes their ID over from another account, which is told why on its next visit', async () => {
    const id = makeId('510104', '1990-09-09', 909)
    await recordsFor(id, 'takeover')
    const old = await login('id-old-holder')
    await setProfile(old.token, { name: '王五', idNumber: id, province: '51', region: '510100' })
    expect(await sourcesOf(old.token)).toEqual(['2024:office', '2025:family'])
    const real = await login('id-real-person')
    await setProfile(real.token, { name: '王五', idNumber: id, province: '51', region: '510100' })
    expect(await sourcesOf(real.token)).toEqual(['2024:office', '2025:family'])
    expect(await sourcesOf(old.token)).toEqual([])
    const me = (await json(await call('GET', '/api/me', { token: old.token }))).user
    expect(me.profile.verifiedAt).toBeNull()
    expect(me.notices).toEqual([
      expect.objectContaining({ kind: 'id-taken-over', messageZh: expect.stringMatching(/人脸核身.*实名认证已取消/) }),
    ])
    expect((await call('DELETE', '/api/me/notices', { token: old.token })).status).toBe(200)
    expect((await json(await call('GET', '/api/me', { token: old.token }))).user.notices).toEqual([])
    // The new holder was told nothing of the old one.
    expect((await json(await call('GET', '/api/me', { token: real.token }))).user.notices).toEqual([])
  })
})

describe('WeChat 人脸核身 2.0', () => {
  it('computes cert_hash exactly as WeChat documents it (their worked example)', async () => {
    expect(await certHash('张三', '310101199801011234')).toBe(
      '3c241f7ff324977aeb91f173bb2a7b06569e6fd784d5573db34a636d8671108b',
    )
  })

  it('sends getverifyid the name, ID number and openid, and queryverifyinfo the matching cert_hash', async () => {
    const { token } = await login('face-shapes')
    const id = makeId('520102', '1972-07-07', 77)
    await setProfile(token, { name: '龙七', idNumber: id, province: '52' }, { verify: false })
    const start = await call('POST', '/api/me/verification', { token })
    expect(start.status).toBe(200)
    const body = await json(start)
    expect(body).toEqual({ verifyId: expect.any(String), expiresIn: 3600, faceCheck: 'simulated' })
    const { sessions } = await fakeAdmin('GET', 'face/sessions')
    const session = sessions.find((s: { verifyId: string }) => s.verifyId === body.verifyId)
    expect(session.certHash).toBe(await certHash('龙七', id))
    expect(session.openid).toBe((await fakeAdmin('GET', 'openid?name=face-shapes')).openid)
    expect(
      (await call('POST', '/api/me/verification/result', { token, json: { verifyId: body.verifyId } })).status,
    ).toBe(200)
    // A verify_id is good for one result.
    const again = await call('POST', '/api/me/verification/result', { token, json: { verifyId: body.verifyId } })
    expect(parseApiError(await json(again))?.code).toBe('VERIFY_EXPIRED')
  })

  const outcomes: [number, string, RegExp][] = [
    [90002, 'VERIFY_CANCELLED', /取消/],
    [90006, 'VERIFY_CANCELLED', /取消/],
    [90001, 'VERIFY_UNSUPPORTED', /不支持/],
    [90008, 'VERIFY_FAILED', /相机/],
    [90011, 'VERIFY_FAILED', /没有通过/],
    [90017, 'VERIFY_FAILED', /超时/],
    [90107, 'VERIFY_FAILED', /超时/],
    [90007, 'VERIFY_FAILED', /网络/],
    [90199, 'VERIFY_FAILED', /没有通过/],
  ]
  for (const [verifyRet, code, message] of outcomes) {
    it(`verify_ret ${verifyRet} does not verify: ${code} with a Chinese message`, async () => {
      const name = `face-ret-${verifyRet}`
      const { token } = await login(name)
      await setProfile(
        token,
        { name: '测试', idNumber: makeId('360102', '1960-01-01', verifyRet % 1000), province: '36' },
        { verify: false },
      )
      await fakeAdmin('POST', 'face/next', { name, outcome: verifyRet })
      const { verifyId } = await json(await call('POST', '/api/me/verification', { token }))
      const res = await call('POST', '/api/me/verification/result', { token, json: { verifyId } })
      expect(res.status).toBe(422)
      const error = parseApiError(await json(res))
      expect(error?.code).toBe(code)
      expect(error?.message).toMatch(message)
      expect((await json(await call('GET', '/api/me', { token }))).user.profile.verifiedAt).toBeNull()
    })
  }

  it('a network failure at queryverifyinfo is 502, and the same check can be asked again', async () => {
    const name = 'face-network'
    const { token } = await login(name)
    await setProfile(
      token,
      { name: '网络', idNumber: makeId('230102', '1966-06-06', 66), province: '23' },
      { verify: false },
    )
    await fakeAdmin('POST', 'face/next', { name, outcome: 'http-502' })
    await fakeAdmin('POST', 'face/next', { name, outcome: 'garbage' })
    const { verifyId } = await json(await call('POST', '/api/me/verification', { token }))
    for (let i = 0; i < 2; i++) {
      const failed = await call('POST', '/api/me/verification/result', { token, json: { verifyId } })
      expect(failed.status).toBe(502)
      expect(parseApiError(await json(failed))?.message).toMatch(/人脸核身服务/)
    }
    expect((await call('POST', '/api/me/verification/result', { token, json: { verifyId } })).status).toBe(200)
  })

  it('a profile edited between start and finish is not verified by the old check', async () => {
    const { token } = await login('face-edited')
    const id = makeId('360102', '1970-03-03', 33)
    await setProfile(token, { name: '原名', idNumber: id, province: '36' }, { verify: false })
    const { verifyId } = await json(await call('POST', '/api/me/verification', { token }))
    await call('PUT', '/api/me/profile', {
      token,
      json: { name: '改名', idNumber: id, province: '36', sensitiveConsent: CONSENT },
    })
    const res = await call('POST', '/api/me/verification/result', { token, json: { verifyId } })
    expect(parseApiError(await json(res))?.code).toBe('VERIFY_PROFILE_CHANGED')
  })

  it('another account’s verify_id verifies nothing; no profile, no check; starts are limited per day', async () => {
    const a = await login('face-a')
    await setProfile(
      a.token,
      { name: '甲', idNumber: makeId('360102', '1971-01-01', 1), province: '36' },
      { verify: false },
    )
    const { verifyId } = await json(await call('POST', '/api/me/verification', { token: a.token }))
    const b = await login('face-b')
    await setProfile(
      b.token,
      { name: '甲', idNumber: makeId('360102', '1971-01-01', 1), province: '36' },
      { verify: false },
    )
    expect(
      parseApiError(
        await json(await call('POST', '/api/me/verification/result', { token: b.token, json: { verifyId } })),
      )?.code,
    ).toBe('VERIFY_EXPIRED')
    const none = await login('face-none')
    expect(parseApiError(await json(await call('POST', '/api/me/verification', { token: none.token })))?.code).toBe(
      'PROFILE_REQUIRED',
    )
    const statuses: number[] = []
    for (let i = 0; i < 10; i++) statuses.push((await call('POST', '/api/me/verification', { token: a.token })).status)
    expect(statuses.slice(0, 9).every((s) => s === 200)).toBe(true)
    expect(statuses[9]).toBe(429)
  })
})

describe('sessions', () => {
  it('a deleted account’s token answers 401 on reads and writes, never 500', async () => {
    const viaApi = await login('session-deleted')
    await setProfile(viaApi.token, { name: '删除', idNumber: makeId('510104', '1980-08-08', 808), province: '51' })
    expect((await call('DELETE', '/api/me', { token: viaApi.token })).status).toBe(200)
    const removed = await login('session-row-removed')
    await env.DB.prepare('DELETE FROM users WHERE id = ?1').bind(removed.user.id).run()
    for (const token of [viaApi.token, removed.token]) {
      for (const [method, path, body] of [
        ['GET', '/api/me', undefined],
        ['GET', '/api/me/history', undefined],
        ['GET', '/api/me/entitlement', undefined],
        ['PUT', '/api/me/history', { history: [] }],
        [
          'PUT',
          '/api/me/profile',
          { name: '再来', idNumber: makeId('510104', '1980-08-08', 809), province: '51', sensitiveConsent: CONSENT },
        ],
        ['GET', '/api/family', undefined],
        ['GET', '/api/reminders', undefined],
      ] as const) {
        const res = await call(method, path, { token, ...(body ? { json: body } : {}) })
        expect(res.status, `${method} ${path}`).toBe(401)
      }
    }
  })

  it('the server ends a session 24 h after iat, whatever exp says', async () => {
    const { token } = await login('session-iat')
    const claims = payloadOf(token)
    const now = Math.floor(Date.now() / 1000)
    const longLived = await sign(
      { ...claims, iat: now - 24 * 3600 - 5, exp: now + 365 * 86400 },
      env.JWT_SECRET,
      'HS256',
    )
    expect((await call('GET', '/api/me', { token: longLived })).status).toBe(401)
    const fromTheFuture = await sign({ ...claims, iat: now + 3600, exp: now + 7200 }, env.JWT_SECRET, 'HS256')
    expect((await call('GET', '/api/me', { token: fromTheFuture })).status).toBe(401)
    const noSession = await sign(
      { sub: claims.sub, role: 'resident', iss: 'canbao', iat: now, exp: now + 3600 },
      env.JWT_SECRET,
      'HS256',
    )
    expect((await call('GET', '/api/me', { token: noSession })).status).toBe(401)
    expect((await call('GET', '/api/me', { token })).status).toBe(200)
  })

  it('sign-out revokes the session; other sessions of the account go on', async () => {
    const first = await login('session-logout')
    const second = await login('session-logout')
    expect((await call('POST', '/api/auth/logout', { token: first.token })).status).toBe(200)
    expect((await call('GET', '/api/me', { token: first.token })).status).toBe(401)
    expect((await call('PUT', '/api/me/history', { token: first.token, json: { history: [] } })).status).toBe(401)
    expect((await call('GET', '/api/me', { token: second.token })).status).toBe(200)
  })

  it('an office role withdrawn in the database takes effect on the next request', async () => {
    const office = await officeUser('session-office', '51', '510100')
    expect((await call('GET', '/api/office/residents', { token: office.token })).status).toBe(200)
    await env.DB.prepare(
      `UPDATE users SET role = 'resident', office_province = NULL, office_region = NULL WHERE id = ?1`,
    )
      .bind(office.user.id)
      .run()
    expect((await call('GET', '/api/office/residents', { token: office.token })).status).toBe(403)
  })
})

describe('the resident’s rights', () => {
  it('export lists everything stored about me, ID numbers masked', async () => {
    const id = makeId('510104', '1977-07-07', 707)
    await recordsFor(id, 'export')
    const { token } = await login('rights-export')
    await setProfile(token, { name: '导出人', idNumber: id, province: '51', region: '510100' })
    await call('PUT', '/api/me/history', {
      token,
      json: {
        history: [{ year: 2023, scheme: 'resident', paidOn: '2022-11-01' }],
        groups: [{ kind: 'veteran-discharged' }],
      },
    })
    const res = await call('GET', '/api/me/export', { token })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const text = await res.text()
    expect(text).not.toContain(id)
    const data = JSON.parse(text)
    expect(data.profile).toMatchObject({
      name: '导出人',
      id_masked: maskResidentId(id),
      verified_at: expect.any(String),
    })
    expect(data.consents).toEqual([
      expect.objectContaining({
        purpose: 'sensitive-pi',
        version: CONSENT.version,
        text: expect.stringMatching(/敏感个人信息/),
      }),
    ])
    expect(data.selfRecords).toEqual([expect.objectContaining({ year: 2023, scheme: 'resident' })])
    expect(data.declarations.groups_json).toContain('veteran-discharged')
    expect(data.officeRecords).toEqual([expect.objectContaining({ year: 2024, fund_paid_fen: 123456 })])
    expect(data.familyPaidForMe).toEqual([expect.objectContaining({ year: 2025 })])
    expect(data.sessions.length).toBeGreaterThan(0)
    expect(data.faceVerifications).toEqual([expect.objectContaining({ verify_ret: 10000 })])
  })

  it('export also lists the 监护人承诺书 I accepted and which office area looked me up, never the page image', async () => {
    const payerId = makeId('510104', '1985-03-03', 303)
    const { token } = await login('rights-export-guardian')
    await setProfile(token, { name: '监护导出', idNumber: payerId, province: '51', region: '510100' })
    const childId = makeId('510104', '2018-04-04', 404)
    expect(
      (await guardianInvite({ token, idNumber: payerId }, { name: '孩子', idNumber: childId })).status,
    ).toBeLessThan(300)
    const office = await officeUser('export-audit-office', '51', '510100')
    expect(
      (await call('POST', '/api/office/residents/lookup', { token: office.token, json: { idNumber: payerId } })).status,
    ).toBe(200)

    const data = await json(await call('GET', '/api/me/export', { token }))
    expect(data.guardianCommitments).toEqual([
      expect.objectContaining({
        commitment_version: GUARDIAN_COMMITMENT_VERSION,
        commitment_text: expect.stringContaining('监护'),
        committed_at: expect.any(String),
      }),
    ])
    expect(data.guardianCommitments[0]).not.toHaveProperty('proof_enc')
    expect(data.officeReadsOfMe).toEqual([
      expect.objectContaining({ office_scope: '510100', route: 'POST /api/office/residents/lookup' }),
    ])
    expect(JSON.stringify(data)).not.toContain(office.user.id)
  })

  it('注销 removes my data, keeps the payer’s ledger under a pseudonym and the office’s records', async () => {
    const id = makeId('510104', '1978-08-08', 788)
    const { payer } = await recordsFor(id, 'delete')
    const { token, user } = await login('rights-delete')
    await setProfile(token, { name: '注销人', idNumber: id, province: '51', region: '510100' })
    await call('PUT', '/api/me/history', {
      token,
      json: { history: [{ year: 2023, scheme: 'resident', paidOn: '2022-11-01' }] },
    })
    // The payer deletes their account: the payment receipt stays, no longer tied to a WeChat account.
    expect((await call('DELETE', '/api/me', { token: payer.token })).status).toBe(200)
    const tomb = await env.DB.prepare('SELECT openid, deleted_at FROM users WHERE id = ?1')
      .bind(payer.user.id)
      .first<{ openid: string; deleted_at: string }>()
    expect(tomb?.openid).toMatch(/^deleted:/)
    expect(tomb?.deleted_at).toEqual(expect.any(String))
    const receipts = await env.DB.prepare('SELECT COUNT(*) AS n FROM family_payments WHERE payer_user_id = ?1')
      .bind(payer.user.id)
      .first<{ n: number }>()
    expect(receipts?.n).toBe(1)
    // The resident deletes theirs.
    expect((await call('DELETE', '/api/me', { token })).status).toBe(200)
    for (const table of [
      'profiles',
      'self_records',
      'declarations',
      'sessions',
      'consents',
      'face_verifications',
      'reminder_subscriptions',
    ]) {
      const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE user_id = ?1`)
        .bind(user.id)
        .first<{ n: number }>()
      expect(row?.n, table).toBe(0)
    }
    const idHash = await hmacHex(await hmacKey(env.ID_HASH_KEY), id)
    const office = await env.DB.prepare('SELECT COUNT(*) AS n FROM office_records WHERE id_hash = ?1')
      .bind(idHash)
      .first<{ n: number }>()
    expect(office?.n).toBe(1)
    // Signing in again with the same WeChat account starts over, empty and unverified.
    const again = await login('rights-delete')
    expect(again.user.id).not.toBe(user.id)
    expect(again.user.profile).toBeNull()
  })

  it('the profile needs the separate sensitive-information consent, and a missing field says 请填写', async () => {
    const { token } = await login('rights-consent')
    const without = await call('PUT', '/api/me/profile', {
      token,
      json: { name: '张三', idNumber: makeId('510104', '1970-01-01', 1), province: '51' },
    })
    expect(without.status).toBe(422)
    expect((await json(without)).error.issues).toEqual([
      expect.objectContaining({ path: 'sensitiveConsent', message: expect.stringMatching(/请阅读并勾选同意/) }),
    ])
    const noId = await call('PUT', '/api/me/profile', {
      token,
      json: { name: '张三', province: '51', sensitiveConsent: CONSENT },
    })
    expect((await json(noId)).error.issues).toEqual([
      expect.objectContaining({ path: 'idNumber', message: '请填写身份证号' }),
    ])
    const stale = await call('PUT', '/api/me/profile', {
      token,
      json: {
        name: '张三',
        idNumber: makeId('510104', '1970-01-01', 1),
        province: '51',
        sensitiveConsent: { version: 'old' },
      },
    })
    expect((await json(stale)).error.issues[0].message).toMatch(/版本已更新/)
  })
})

describe('production cannot run on fakes', () => {
  const health = (overrides: Record<string, unknown>): Promise<Response> =>
    handler.fetch(
      new Request('http://canbao.local/api/health') as never,
      { ...env, ...overrides } as never,
      { waitUntil() {}, passThroughOnException() {}, props: {} } as never,
    ) as never

  it('real WeChat with the fake platform or dev keys shows in /api/health as a setup problem, by code', async () => {
    const res = await health({
      WECHAT_MODE: 'real',
      WECHAT_SECRET: 'a-real-looking-secret-value',
      PLATFORM_MODE: 'fake',
    })
    expect(res.status).toBe(503)
    const body = (await res.json()) as any
    expect(body.status).toBe('degraded')
    expect(body.config).toEqual({ ok: false, problems: ['FAKE_PLATFORM_IN_REAL_MODE'] })
    expect(JSON.stringify(body)).not.toContain('a-real-looking-secret-value')
    const fine = await health({})
    expect(((await fine.json()) as any).config).toEqual({ ok: true, problems: [] })
  })

  it('real WeChat refuses to start a fake platform for a payment', async () => {
    const { platformFromEnv } = await import('../../functions/src/platform')
    expect(() => platformFromEnv({ ...env, WECHAT_MODE: 'real', PLATFORM_MODE: 'fake' } as never)).toThrow()
  })
})

describe('API response headers', () => {
  it('every answer, errors included, forbids sniffing and framing', async () => {
    for (const res of [
      await call('GET', '/api/health'),
      await call('GET', '/api/me'),
      await call('GET', '/api/nowhere'),
    ]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    }
  })
})
