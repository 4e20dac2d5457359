import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { GUARDIAN_COMMITMENT_VERSION, GUARDIAN_COMMITMENT_ZH } from '@canbao/shared/family/index'
import { call, json, login, officeUser, uploadCsv } from './helpers'
import { freshId, invite, nextYear, pay, payer, resident, setStandard } from './family-support'
import { markVerified } from './verified'

const accept = (token: string, code: string) =>
  call('POST', '/api/family/invitations/accept', { token, json: { code } })
const members = async (token: string) =>
  (await json(await call('GET', '/api/family/members', { token }))).members as any[]

/** A small valid PNG (1×1) and a JPEG header: what a phone camera or a scan sends. */
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
  (ch) => ch.charCodeAt(0),
)
const uploadProof = (token: string, bindingId: string, bytes: Uint8Array, type = 'image/png') =>
  call('POST', `/api/family/members/${bindingId}/household-proof`, {
    token,
    body: bytes,
    headers: { 'content-type': type },
  })

describe('consent to 家庭共济 comes only from the verified person', () => {
  it('another account typing the relative’s ID number cannot accept: only its verified holder can', async () => {
    const p = await payer('consent-forge-payer', 200_000)
    const parentId = freshId('510104', '1953-03-03')
    const { code } = await json(await invite(p.token, { relationship: 'parent', name: '王父', idNumber: parentId }))
    // The attacker types the parent's number into 我的 under any name: a self-declared profile.
    const attacker = await resident('consent-forger', parentId, '51', '510100', { verified: false })
    const forged = await accept(attacker.token, code)
    expect(forged.status).toBe(403)
    expect((await json(forged)).error).toMatchObject({
      code: 'FAMILY_UNVERIFIED',
      message: expect.stringMatching(/人脸核身/),
    })
    expect((await members(p.token))[0]).toMatchObject({ status: 'invited', consent: null })
    // Verified, but as someone else: the code is simply invalid for them.
    const other = await resident('consent-other', freshId('510104', '1954-04-04'), '51', '510100', { verified: true })
    expect((await accept(other.token, code)).status).toBe(404)
    // Once the profile holding the number is verified (the face check proved it is the parent), consent counts.
    await markVerified(attacker.userId)
    expect((await accept(attacker.token, code)).status).toBe(200)
  })

  it('an invitation shows the payer nothing about the invitee until they accept', async () => {
    await setStandard('510100', nextYear(), 40_000)
    const p = await payer('consent-leak-payer', 200_000)
    const parentId = freshId('510104', '1951-01-21')
    const office = await officeUser('consent-leak-office', '51', '510100')
    expect(
      (
        await uploadCsv(
          office.token,
          `身份证号,年度,险种,缴费日期\n${parentId},${nextYear()},居民,${nextYear() - 1}-10-01\n`,
        )
      ).status,
    ).toBe(201)
    const parent = await resident('consent-leak-parent', parentId, '51', '510100', { verified: true })
    await call('PUT', '/api/me/history', {
      token: parent.token,
      json: { history: [{ year: nextYear() - 1, scheme: 'resident', paidOn: `${nextYear() - 2}-11-01` }] },
    })
    const { code, member } = await json(
      await invite(p.token, { relationship: 'parent', name: '老人', idNumber: parentId }),
    )
    for (const seen of [member, (await members(p.token))[0]]) {
      expect(seen).toMatchObject({ status: 'invited', name: '老人', years: [], entitlement: null })
      expect(JSON.stringify(seen)).not.toMatch(/office|self|家属/)
    }
    expect((await accept(parent.token, code)).status).toBe(200)
    const after = (await members(p.token))[0]
    expect(after.years.find((y: any) => y.year === nextYear())).toMatchObject({ paidBy: 'office' })
  })
})

describe('guardian binding of a child under 16', () => {
  it('a stranger’s child stays pending, paying and showing nothing, till their office confirms the 户口本', async () => {
    await setStandard('510100', nextYear(), 40_000)
    const p = await payer('guard-stranger-payer', 200_000)
    const childId = freshId('510104', '2016-06-06')
    const office = await officeUser('guard-office-cd', '51', '510100')
    expect(
      (
        await uploadCsv(
          office.token,
          `身份证号,年度,险种,缴费日期\n${childId},${nextYear()},居民,${nextYear() - 1}-10-01\n`,
        )
      ).status,
    ).toBe(201)

    const res = await invite(p.token, {
      relationship: 'child',
      name: '别人家孩子',
      idNumber: childId,
      guardian: true,
      commitmentVersion: GUARDIAN_COMMITMENT_VERSION,
    })
    expect(res.status).toBe(201)
    const { member } = await json(res)
    expect(member).toMatchObject({
      status: 'invited',
      consent: null,
      years: [],
      guardianReview: { status: 'pending', proofUploaded: false, confirmedBy: null },
    })
    const refused = await pay(p.token, 'guard-pending-01', { relativeId: member.id, year: nextYear() })
    expect(refused.status).toBe(409)
    expect((await json(refused)).error.code).toBe('FAMILY_NOT_BOUND')

    // The commitment is stored as shown, with its version and time.
    const stored = await env.DB.prepare(
      'SELECT commitment_version, commitment_text, committed_at FROM family_guardian_reviews WHERE binding_id = ?1',
    )
      .bind(member.id)
      .first<any>()
    expect(stored).toMatchObject({
      commitment_version: GUARDIAN_COMMITMENT_VERSION,
      commitment_text: GUARDIAN_COMMITMENT_ZH,
    })
    expect(Date.now() - Date.parse(stored.committed_at)).toBeLessThan(60_000)

    // Nothing to review before the page is uploaded.
    expect(
      (await json(await call('GET', '/api/office/household-reviews', { token: office.token }))).reviews.find(
        (r: any) => r.bindingId === member.id,
      ),
    ).toBeUndefined()
    const up = await uploadProof(p.token, member.id, PNG)
    expect(up.status, await up.clone().text()).toBe(200)
    expect((await json(up)).guardianReview).toMatchObject({ status: 'pending', proofUploaded: true })
    const sealed = await env.DB.prepare(
      'SELECT proof_enc, proof_type, proof_bytes FROM family_guardian_reviews WHERE binding_id = ?1',
    )
      .bind(member.id)
      .first<any>()
    expect(sealed.proof_type).toBe('image/png')
    expect(sealed.proof_bytes).toBe(PNG.length)
    // stored sealed, not as the image
    expect(new Uint8Array(sealed.proof_enc).slice(0, 8)).not.toEqual(PNG.slice(0, 8))

    // Another region's office sees nothing of it.
    const mianyang = await officeUser('guard-office-my', '51', '510700')
    expect(
      (await json(await call('GET', '/api/office/household-reviews', { token: mianyang.token }))).reviews.find(
        (r: any) => r.bindingId === member.id,
      ),
    ).toBeUndefined()
    expect(
      (await call('GET', `/api/office/household-reviews/${member.id}/proof`, { token: mianyang.token })).status,
    ).toBe(404)
    expect(
      (
        await call('POST', `/api/office/household-reviews/${member.id}`, {
          token: mianyang.token,
          json: { decision: 'confirm' },
        })
      ).status,
    ).toBe(404)
    // Nor does a resident.
    expect((await call('GET', '/api/office/household-reviews', { token: p.token })).status).toBe(403)

    const list = await json(await call('GET', '/api/office/household-reviews', { token: office.token }))
    expect(list.reviews.find((r: any) => r.bindingId === member.id)).toMatchObject({
      childName: '别人家孩子',
      relationshipZh: '子女',
      payerName: '付款人',
      proofBytes: PNG.length,
    })
    const image = await call('GET', `/api/office/household-reviews/${member.id}/proof`, { token: office.token })
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(PNG)

    const noReason = await call('POST', `/api/office/household-reviews/${member.id}`, {
      token: office.token,
      json: { decision: 'refuse' },
    })
    expect(noReason.status).toBe(422)
    expect((await json(noReason)).error.issues[0]).toMatchObject({
      path: 'reason',
      message: expect.stringMatching(/原因/),
    })
    const done = await call('POST', `/api/office/household-reviews/${member.id}`, {
      token: office.token,
      json: { decision: 'refuse', reason: '户口本上没有这位付款人' },
    })
    expect(done.status).toBe(200)
    const after = (await members(p.token)).find((m) => m.id === member.id)
    expect(after).toMatchObject({
      status: 'unbound',
      years: [],
      guardianReview: { status: 'refused', refusalReason: '户口本上没有这位付款人' },
    })
    expect((await pay(p.token, 'guard-refused-01', { relativeId: member.id, year: nextYear() })).status).toBe(409)
    expect(
      (
        await call('POST', `/api/office/household-reviews/${member.id}`, {
          token: office.token,
          json: { decision: 'confirm' },
        })
      ).status,
    ).toBe(409)
    // The household page read is in the audit log, against the child.
    const audit = await json(await call('GET', '/api/office/audit', { token: office.token }))
    expect(audit.entries.map((e: any) => e.routeZh)).toContain('查看上传的户口本页')
    // So is the refusal: who, when, the office's area, the child (masked) and which review. The late confirm that
    // found the review closed left no entry.
    const decisions = audit.entries.filter((e: any) => e.routeZh.endsWith(member.id))
    expect(decisions).toEqual([
      {
        seq: expect.any(Number),
        at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        actor: office.user.id,
        officeScope: '510100',
        officeScopeNameZh: '成都市',
        idNumberMasked: list.reviews.find((r: any) => r.bindingId === member.id).childIdNumberMasked,
        route: 'POST /api/office/household-reviews/:id',
        routeZh: `不予确认监护关系（户口本审核），审核编号 ${member.id}`,
      },
    ])
    expect(Date.now() - Date.parse(decisions[0].at)).toBeLessThan(60_000)
    // Another region's office does not see it in its log.
    const theirs = await json(await call('GET', '/api/office/audit?limit=200', { token: mianyang.token }))
    expect(theirs.entries.some((e: any) => e.route === 'POST /api/office/household-reviews/:id')).toBe(false)
  })

  it('the office confirms from the page: the binding becomes active and pays', async () => {
    await setStandard('510100', nextYear(), 40_000)
    const p = await payer('guard-confirm-payer', 200_000)
    const office = await officeUser('guard-office-cd2', '51', '510100')
    const { member } = await json(
      await invite(p.token, {
        relationship: 'child',
        name: '小军',
        idNumber: freshId('510104', '2017-07-07'),
        guardian: true,
        commitmentVersion: GUARDIAN_COMMITMENT_VERSION,
      }),
    )
    expect(
      (
        await call('POST', `/api/office/household-reviews/${member.id}`, {
          token: office.token,
          json: { decision: 'confirm' },
        })
      ).status,
    ).toBe(409)
    expect(
      (await uploadProof(p.token, member.id, Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]), 'image/jpeg'))
        .status,
    ).toBe(200)
    expect(
      (
        await call('POST', `/api/office/household-reviews/${member.id}`, {
          token: office.token,
          json: { decision: 'confirm' },
        })
      ).status,
    ).toBe(200)
    expect((await members(p.token)).find((m) => m.id === member.id)).toMatchObject({
      status: 'active',
      consent: { kind: 'guardian' },
      guardianReview: { status: 'confirmed', confirmedBy: 'office' },
    })
    // The confirmation is in the office's audit log, once, naming the review (the area's log holds the other
    // tests' decisions too).
    const audit = await json(await call('GET', '/api/office/audit?limit=200', { token: office.token }))
    const decisions = audit.entries.filter((e: any) => e.routeZh.endsWith(member.id))
    expect(decisions).toHaveLength(1)
    expect(decisions[0]).toMatchObject({
      actor: office.user.id,
      officeScope: '510100',
      routeZh: `确认监护关系（户口本审核），审核编号 ${member.id}`,
    })
    expect(
      (await json(await pay(p.token, 'guard-confirmed-1', { relativeId: member.id, year: nextYear() }))).payment.status,
    ).toBe('succeeded')
    // Decided: no more uploads.
    expect((await uploadProof(p.token, member.id, PNG)).status).toBe(409)
  })

  it('needs a verified payer and the accepted commitment; refuses bad uploads with Chinese messages', async () => {
    const unverified = await payer('guard-unverified', 200_000, '1980-06-15', { verified: false })
    const kid = freshId('510104', '2018-08-08')
    const r1 = await invite(unverified.token, {
      relationship: 'child',
      name: '小华',
      idNumber: kid,
      guardian: true,
      commitmentVersion: GUARDIAN_COMMITMENT_VERSION,
    })
    expect(r1.status).toBe(403)
    expect((await json(r1)).error.code).toBe('FAMILY_UNVERIFIED')
    const p = await payer('guard-uploads', 200_000)
    const r2 = await invite(p.token, { relationship: 'child', name: '小华', idNumber: kid, guardian: true })
    expect(r2.status).toBe(422)
    expect((await json(r2)).error.issues[0]).toMatchObject({
      path: 'commitmentVersion',
      message: expect.stringMatching(/监护人承诺书/),
    })
    const { member } = await json(
      await invite(p.token, {
        relationship: 'child',
        name: '小华',
        idNumber: kid,
        guardian: true,
        commitmentVersion: GUARDIAN_COMMITMENT_VERSION,
      }),
    )

    const gif = await uploadProof(p.token, member.id, new TextEncoder().encode('GIF89a....'), 'image/png')
    expect(gif.status).toBe(400)
    expect((await json(gif)).error.message).toMatch(/JPG 或 PNG/)
    const big = new Uint8Array(1024 * 1024 + 1)
    big.set(PNG.slice(0, 8))
    const tooBig = await uploadProof(p.token, member.id, big)
    expect(tooBig.status).toBe(413)
    expect((await json(tooBig)).error.message).toMatch(/1 MB|太大/)
    expect((await uploadProof(p.token, member.id, new Uint8Array(), 'image/png')).status).toBe(400)
    const badForm = await call('POST', `/api/family/members/${member.id}/household-proof`, {
      token: p.token,
      body: 'x',
      headers: { 'content-type': 'multipart/form-data; boundary=q' },
    })
    expect(badForm.status).toBe(400)
    const form = new FormData()
    form.append('file', new File([PNG], 'hukou.png', { type: 'image/png' }))
    expect(
      (await call('POST', `/api/family/members/${member.id}/household-proof`, { token: p.token, body: form })).status,
    ).toBe(200)

    const stranger = await login('guard-upload-stranger')
    expect((await uploadProof(stranger.token, member.id, PNG)).status).toBe(404)
    const adult = await json(
      await invite(p.token, { relationship: 'sibling', name: '哥哥', idNumber: freshId('510104', '1978-01-01') }),
    )
    expect((await uploadProof(p.token, adult.member.id, PNG)).status).toBe(404)
  })

  it('the platform’s household register confirms the payer’s own child at once, not another’s child', async () => {
    const p = await payer('guard-register', 200_000)
    const mine = freshId('510104', '2019-09-09')
    const other = freshId('510104', '2019-10-10')
    const { platformAdmin } = await import('./family-support')
    await platformAdmin('PUT', 'households', { members: [p.idNumber, mine] })
    await platformAdmin('PUT', 'households', { members: [other] })
    const a = await json(
      await invite(p.token, {
        relationship: 'child',
        name: '亲生',
        idNumber: mine,
        guardian: true,
        commitmentVersion: GUARDIAN_COMMITMENT_VERSION,
      }),
    )
    expect(a.member).toMatchObject({
      status: 'active',
      guardianReview: { status: 'confirmed', confirmedBy: 'platform' },
    })
    const b = await json(
      await invite(p.token, {
        relationship: 'child',
        name: '别家',
        idNumber: other,
        guardian: true,
        commitmentVersion: GUARDIAN_COMMITMENT_VERSION,
      }),
    )
    expect(b.member).toMatchObject({ status: 'invited', guardianReview: { status: 'pending' } })
  })
})

describe('a payer who deletes their account (注销) with a pending guardian binding', () => {
  it('is deleted (no 500): the review and its household page go with the open binding', async () => {
    const p = await payer('guard-delete-payer', 200_000)
    const { member } = await json(
      await invite(p.token, {
        relationship: 'child',
        name: '小安',
        idNumber: freshId('510104', '2018-03-03'),
        guardian: true,
        commitmentVersion: GUARDIAN_COMMITMENT_VERSION,
      }),
    )
    expect((await uploadProof(p.token, member.id, PNG)).status).toBe(200)
    const res = await call('DELETE', '/api/me', { token: p.token })
    expect(res.status, await res.clone().text()).toBeLessThan(300)
    const left = await env.DB.prepare(
      'SELECT COUNT(*) AS n FROM family_guardian_reviews WHERE binding_id = ?1 AND proof_enc IS NOT NULL',
    )
      .bind(member.id)
      .first<{ n: number }>()
    expect(left?.n).toBe(0)
  })
})
