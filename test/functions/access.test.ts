import { beforeAll, describe, expect, it } from 'vitest'
import { GUARDIAN_COMMITMENT_VERSION } from '@canbao/shared/family/index'
import { call, fakeAdmin, login, makeId, officeUser, setProfile, uploadCsv } from './helpers'
import { platformAdmin } from './family-support'
import { markVerified } from './verified'
import { documentedOperations } from './openapi-support'

/**
 * Every route of this API, called as the resident themself (verified by WeChat's face check), as a stranger
 * (no token, and another resident), as another account that typed the resident's ID number without being
 * verified (and one that typed it but failed the face check), and as office users of another region and of the
 * resident's own region: only the resident and their own region's office ever see the resident — others learn
 * nothing, not even that the resident exists.
 */
const ID = makeId('510104', '1966-06-16', 616)
const NAME = '目标居民'
const MASKED = `5101**********${ID.slice(14)}`
const OTHER = makeId('510104', '1977-07-17', 717)
/** A child under 16 bound by a guardian whose household the register could not confirm: an office review. */
const CHILD_ID = makeId('510104', '2016-02-02', 216)
const CHILD_NAME = '目标孩子'
const CHILD_MASKED = `5101**********${CHILD_ID.slice(14)}`
let reviewId = ''

const tokens: Record<string, string> = {}
let jobId = ''
let ref = ''

beforeAll(async () => {
  const self = await login('access-self')
  await setProfile(self.token, { name: NAME, idNumber: ID, province: '51', region: '510100' })
  await call('PUT', '/api/me/history', {
    token: self.token,
    json: { history: [{ year: 2025, scheme: 'resident', paidOn: '2024-11-01' }] },
  })
  tokens.self = self.token
  tokens.stranger = (await login('access-stranger')).token
  const claimant = await login('access-claimant')
  await setProfile(
    claimant.token,
    { name: '冒名者', idNumber: ID, province: '51', region: '510100' },
    { verify: false },
  )
  tokens.unverifiedClaimant = claimant.token
  const failed = await login('access-failed-face')
  await setProfile(failed.token, { name: NAME, idNumber: ID, province: '51', region: '510100' }, { verify: false })
  await fakeAdmin('POST', 'face/next', { name: 'access-failed-face', outcome: 90011 })
  const started = (await (await call('POST', '/api/me/verification', { token: failed.token })).json()) as {
    verifyId: string
  }
  await call('POST', '/api/me/verification/result', { token: failed.token, json: { verifyId: started.verifyId } })
  tokens.failedFaceCheck = failed.token
  tokens.otherOffice = (await officeUser('access-mianyang', '51', '510700')).token
  tokens.otherProvince = (await officeUser('access-guizhou', '52', null)).token
  tokens.ownOffice = (await officeUser('access-chengdu', '51', '510100')).token
  const upload = await uploadCsv(tokens.ownOffice, `身份证号,年度,险种,缴费日期\n${ID},2024,居民,2023-11-01\n`)
  jobId = ((await upload.json()) as { job: { id: string } }).job.id
  const list = (await (await call('GET', '/api/office/residents', { token: tokens.ownOffice })).json()) as {
    residents: { ref: string; name: string }[]
  }
  ref = list.residents.find((r) => r.name === NAME)?.ref as string
  // The resident, verified, binds a child as guardian; the payer's household page waits for the Chengdu office.
  await markVerified(self.user.id)
  await platformAdmin('PUT', 'accounts', { idNumber: ID, balanceFen: 100_000 })
  const invited = await call('POST', '/api/family/invitations', {
    token: self.token,
    json: {
      relationship: 'child',
      name: CHILD_NAME,
      idNumber: CHILD_ID,
      province: '51',
      region: '510100',
      guardian: true,
      commitmentVersion: GUARDIAN_COMMITMENT_VERSION,
    },
  })
  reviewId = ((await invited.json()) as { member: { id: string } }).member.id
  const png = Uint8Array.from(
    atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
    (ch) => ch.charCodeAt(0),
  )
  const up = await call('POST', `/api/family/members/${reviewId}/household-proof`, {
    token: self.token,
    body: png,
    headers: { 'content-type': 'image/png' },
  })
  if (up.status !== 200) throw new Error(`proof upload failed: ${up.status} ${await up.text()}`)
})

/** A request for each documented operation that would reveal the resident to someone allowed to see them. */
function requestFor(
  path: string,
  method: string,
): { path: string; init: { json?: unknown; body?: string; headers?: Record<string, string> } } {
  const concrete = path.replace(':id', path.includes('household-reviews') ? reviewId : jobId).replace(':ref', ref)
  if (path === '/api/office/household-reviews/:id' && method === 'post')
    return { path: concrete, init: { json: { decision: 'refuse', reason: '核对不符' } } }
  if (path === '/api/office/residents/lookup') return { path: concrete, init: { json: { idNumber: ID } } }
  // An office that imports a record of someone sees that record afterwards (it wrote it), so the upload here is
  // of another person: it must not reveal the target through counts or errors.
  if (path === '/api/office/imports' && method === 'post')
    return {
      path: concrete,
      init: {
        body: `身份证号,年度,险种,缴费日期\n${OTHER},2023,居民,2022-11-01\n`,
        headers: { 'content-type': 'text/csv' },
      },
    }
  if (path === '/api/me/profile' && method === 'put')
    return {
      path: concrete,
      init: { json: { name: '别人', idNumber: makeId('510104', '1990-01-01', 1), province: '51' } },
    }
  if (path === '/api/me/history' && method === 'put') return { path: concrete, init: { json: { history: [] } } }
  return { path: concrete, init: {} }
}

// Every operation of the generated document: a route added to the app is walked here without another edit.
const MINE = (await documentedOperations()).filter((op) =>
  /^\/api\/(health|openapi\.json|auth|me|office)/.test(op.path),
)

describe('who sees a resident', () => {
  for (const op of MINE) {
    it(`${op.method.toUpperCase()} ${op.path}: strangers and other regions learn nothing`, async () => {
      for (const actor of [
        'anonymous',
        'stranger',
        'unverifiedClaimant',
        'failedFaceCheck',
        'otherOffice',
        'otherProvince',
      ] as const) {
        // Writes are skipped for actors that could change their own state in a way later calls depend on
        // (saving a profile, deleting the account, signing out, starting face checks).
        if (
          actor !== 'anonymous' &&
          (op.method === 'put' ||
            op.method === 'delete' ||
            op.path === '/api/auth/logout' ||
            op.path.startsWith('/api/me/verification'))
        )
          continue
        const { path, init } = requestFor(op.path, op.method)
        const res = await call(op.method.toUpperCase(), path, {
          ...init,
          token: actor === 'anonymous' ? undefined : tokens[actor],
        })
        const text = await res.text()
        expect(text).not.toContain(ID)
        if (actor === 'unverifiedClaimant' || actor === 'failedFaceCheck') {
          // They typed the resident's name and ID number themselves, so seeing those back is no leak; what the
          // office imported (2024, paid 2023-11-01) and what the resident declared (paid 2024-11-01) is.
          expect(text, `${actor} ${op.method} ${path}`).not.toMatch(/"source":"office"|2023-11-01|2024-11-01/)
        } else {
          expect(text, `${actor} ${op.method} ${path}`).not.toContain(NAME)
          expect(text, `${actor} ${op.method} ${path}`).not.toContain(MASKED)
        }
        expect(text, `${actor} ${op.method} ${path}`).not.toContain(CHILD_NAME)
        expect(text, `${actor} ${op.method} ${path}`).not.toContain(CHILD_MASKED)
        if (actor === 'anonymous' && op.auth) expect(res.status).toBe(401)
        if (actor === 'stranger' && op.path.startsWith('/api/office')) expect(res.status).toBe(403)
        if ((actor === 'otherOffice' || actor === 'otherProvince') && /:id|:ref|lookup/.test(op.path))
          expect(res.status).toBe(404)
      }
    })
  }

  it('the resident sees themself, and their own region’s office sees them, masked', async () => {
    const me = await (await call('GET', '/api/me', { token: tokens.self })).text()
    expect(me).toContain(NAME)
    expect(me).toContain(MASKED)
    for (const res of [
      await call('POST', '/api/office/residents/lookup', { token: tokens.ownOffice, json: { idNumber: ID } }),
      await call('GET', `/api/office/residents/${ref}`, { token: tokens.ownOffice }),
    ]) {
      expect(res.status).toBe(200)
      const text = await res.text()
      expect(text).toContain(NAME)
      expect(text).toContain(MASKED)
      expect(text).not.toContain(ID)
    }
    expect((await call('GET', `/api/office/imports/${jobId}`, { token: tokens.ownOffice })).status).toBe(200)
  })

  it('the child’s own office sees the household review and the page; its audit names whom, masked', async () => {
    const list = await (await call('GET', '/api/office/household-reviews', { token: tokens.ownOffice })).text()
    expect(list).toContain(CHILD_NAME)
    expect(list).toContain(CHILD_MASKED)
    expect(list).not.toContain(CHILD_ID)
    const page = await call('GET', `/api/office/household-reviews/${reviewId}/proof`, { token: tokens.ownOffice })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('image/png')
    const audit = await (await call('GET', '/api/office/audit?limit=200', { token: tokens.ownOffice })).text()
    expect(audit).toContain(MASKED)
    expect(audit).toContain(CHILD_MASKED)
    expect(audit).not.toContain(ID)
    // The other offices' audits hold their own (fruitless) attempts, never whom they tried.
    for (const actor of ['otherOffice', 'otherProvince'] as const) {
      const theirs = await (await call('GET', '/api/office/audit?limit=200', { token: tokens[actor] })).text()
      expect(theirs).not.toContain(MASKED)
      expect(theirs).not.toContain(CHILD_MASKED)
    }
    // Still pending: nobody outside the area could decide it.
    const review = (await (await call('GET', '/api/family/members', { token: tokens.self })).json()) as {
      members: { id: string; guardianReview: { status: string } | null }[]
    }
    expect(review.members.find((m) => m.id === reviewId)?.guardianReview?.status).toBe('pending')
  })
})
