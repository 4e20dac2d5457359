import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { parseApiError } from '@canbao/shared'
import { CONSENT, call, json, login, makeId, setProfile } from './helpers'

const ID = makeId('510104', '1985-03-12', 271)

describe('PUT /api/me/profile', () => {
  it('stores a valid ID encrypted, derives the birth date, and only ever shows it masked', async () => {
    const { token } = await login('profile-wang')
    const res = await call('PUT', '/api/me/profile', {
      token,
      json: { name: '王小明', idNumber: ID, province: '51', region: '510100', sensitiveConsent: CONSENT },
    })
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).not.toContain(ID)
    const { profile } = JSON.parse(text)
    expect(profile).toMatchObject({
      name: '王小明',
      idNumberMasked: `5101**********${ID.slice(14)}`,
      birthDate: '1985-03-12',
      province: '51',
      provinceNameZh: '四川省',
      region: '510100',
      regionNameZh: '成都市',
    })
    const row = await env.DB.prepare('SELECT * FROM profiles WHERE id_masked = ?1')
      .bind(profile.idNumberMasked)
      .first<Record<string, string>>()
    expect(JSON.stringify(row)).not.toContain(ID)
    expect(row?.id_enc).toMatch(/^v1\./)
    expect(row?.id_hash).toMatch(/^[0-9a-f]{64}$/)
    const me = await call('GET', '/api/me', { token })
    expect(await me.text()).not.toContain(ID)
  })

  it('accepts full-width digits and a lower-case x as the same number', async () => {
    const id = makeId('140502', '1990-07-01', 1)
    const withX = id.endsWith('X') ? id : makeId('140502', '1990-07-01', 3)
    const typed =
      withX.slice(0, 17).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))) +
      (withX.endsWith('X') ? 'x' : withX[17])
    const { token } = await login('profile-fullwidth')
    const res = await call('PUT', '/api/me/profile', {
      token,
      json: { name: '李四', idNumber: typed, province: '14', sensitiveConsent: CONSENT },
    })
    expect(res.status).toBe(200)
    expect((await json(res)).profile.idNumberMasked.slice(-4)).toBe(withX.slice(14))
  })

  const bad: [string, string, RegExp][] = [
    ['a wrong check digit', ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0'), /校验码/],
    ['a birth date that does not exist', makeId('510104', '1985-02-30', 1), /出生日期/],
    ['a birth date in the future', makeId('510104', '2099-01-01', 1), /出生日期/],
    ['an unknown province code', makeId('990104', '1985-03-12', 1), /行政区划/],
    ['17 characters', ID.slice(0, 17), /18 位/],
    ['letters', 'ABCDEFGHIJKLMNOPQR', /18 位/],
  ]
  for (const [what, idNumber, message] of bad) {
    it(`refuses an ID with ${what}, saying why in Chinese, without echoing it`, async () => {
      const { token } = await login('profile-bad')
      const res = await call('PUT', '/api/me/profile', {
        token,
        json: { name: '张三', idNumber, province: '51', sensitiveConsent: CONSENT },
      })
      expect(res.status).toBe(422)
      const text = await res.text()
      expect(text).not.toContain(idNumber)
      const body = JSON.parse(text)
      expect(body.error.code).toBe('VALIDATION_FAILED')
      expect(body.error.issues[0].path).toBe('idNumber')
      expect(body.error.issues[0].message).toMatch(message)
    })
  }

  it('refuses a region outside the chosen province and an unserved province', async () => {
    const { token } = await login('profile-region')
    const wrongRegion = await call('PUT', '/api/me/profile', {
      token,
      json: {
        name: '张三',
        idNumber: makeId('520102', '1970-01-01', 5),
        province: '52',
        region: '510100',
        sensitiveConsent: CONSENT,
      },
    })
    expect(wrongRegion.status).toBe(422)
    expect((await json(wrongRegion)).error.issues[0]).toMatchObject({
      path: 'region',
      message: expect.stringMatching(/不属于所选省份/),
    })
    const unserved = await call('PUT', '/api/me/profile', {
      token,
      json: { name: '张三', idNumber: makeId('520102', '1970-01-01', 5), province: '11', sensitiveConsent: CONSENT },
    })
    expect(unserved.status).toBe(422)
    expect((await json(unserved)).error.issues[0].message).toMatch(/四川、山西、黑龙江、贵州或江西/)
  })

  it('an ID number another account holds is saved like any other: an unverified caller learns nothing', async () => {
    const id = makeId('360102', '1988-08-08', 8)
    const first = await login('profile-first')
    await setProfile(first.token, { name: '赵六', idNumber: id, province: '36' })
    const second = await login('profile-second')
    const taken = await call('PUT', '/api/me/profile', {
      token: second.token,
      json: { name: '赵六', idNumber: id, province: '36', sensitiveConsent: CONSENT },
    })
    const fresh = await call('PUT', '/api/me/profile', {
      token: (await login('profile-third')).token,
      json: { name: '赵六', idNumber: makeId('360102', '1988-08-08', 9), province: '36', sensitiveConsent: CONSENT },
    })
    expect(taken.status).toBe(fresh.status)
    const [a, b] = [(await json(taken)).profile, (await json(fresh)).profile]
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort())
    expect(a.verifiedAt).toBeNull()
    // The holder keeps their verified profile.
    expect(
      (
        await call('PUT', '/api/me/profile', {
          token: first.token,
          json: { name: '赵六', idNumber: id, province: '36', region: '360100', sensitiveConsent: CONSENT },
        })
      ).status,
    ).toBe(200)
    expect((await json(await call('GET', '/api/me', { token: first.token }))).user.profile.verifiedAt).not.toBeNull()
  })

  it('limits profile changes per hour', async () => {
    const { token } = await login('profile-limit')
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) {
      statuses.push(
        (
          await call('PUT', '/api/me/profile', {
            token,
            json: {
              name: '钱七',
              idNumber: makeId('230102', '1975-05-05', 100 + i),
              province: '23',
              sensitiveConsent: CONSENT,
            },
          })
        ).status,
      )
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true)
    expect(statuses[10]).toBe(429)
  })

  it('GET /api/me/profile is 404 before one is saved', async () => {
    const { token } = await login('profile-none')
    const res = await call('GET', '/api/me/profile', { token })
    expect(res.status).toBe(404)
    expect(parseApiError(await json(res))?.message).toMatch(/还没有填写/)
  })
})
