import { beforeAll, describe, it } from 'vitest'
import fc from 'fast-check'
import { REMINDER_KINDS, DEV_TEMPLATE_IDS } from '@canbao/shared/reminders/kinds'
import { callInProcess as call, login, officeUser } from './helpers'
import { RUNS, checkAnswer, dateLike, jsonish, queryString } from './fuzz-support'
import { MemQueue, callWithQueue } from './reminders-support'

let resident = ''
let office = ''

beforeAll(async () => {
  resident = (await login('fuzz-reminders')).token
  office = (await officeUser('fuzz-campaigns', '51', null)).token
})

const templateId = fc.oneof(fc.constantFrom(...Object.values(DEV_TEMPLATE_IDS)), fc.string({ maxLength: 70 }))
const result = fc.oneof(fc.constantFrom('accept', 'reject', 'ban', 'filter'), fc.string({ maxLength: 8 }))
const consentBody = fc.oneof(
  fc.record({ results: fc.array(fc.record({ templateId, result }), { maxLength: 5 }) }),
  fc.record({
    results: fc.array(fc.record({ templateId, result, extra: jsonish }, { requiredKeys: [] }), { maxLength: 4 }),
  }),
  jsonish,
)
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('全民参保集中宣传月', '', ' ', '\u0007', '二〇二七年度城乡居民基本医疗保险集中缴费期'),
)
const campaignBody = fc.oneof(
  fc.record(
    {
      title: text,
      content: text,
      deadline: dateLike,
      sender: text,
      audience: fc.oneof(fc.constantFrom('all', 'unpaid'), fc.string({ maxLength: 6 })),
      year: fc.oneof(fc.integer({ min: 1890, max: 2110 }), fc.string({ maxLength: 4 })),
      region: fc.oneof(fc.constantFrom('510100', '510300', '140100', '999999'), fc.string({ maxLength: 7 })),
    },
    { requiredKeys: [] },
  ),
  jsonish,
)

describe('fuzzing reminder and campaign routes: never a 500, always our Chinese error shape', () => {
  it('POST /api/reminders/consents', async () => {
    await fc.assert(
      fc.asyncProperty(consentBody, async (body) => {
        await checkAnswer(await call('POST', '/api/reminders/consents', { token: resident, json: body }))
      }),
      { numRuns: RUNS },
    )
  })

  it('PUT /api/reminders/subscriptions/:kind', async () => {
    const kind = fc.oneof(fc.constantFrom(...REMINDER_KINDS), fc.string({ maxLength: 12 }).map(encodeURIComponent))
    await fc.assert(
      fc.asyncProperty(kind, jsonish, async (k, body) => {
        await checkAnswer(await call('PUT', `/api/reminders/subscriptions/${k}`, { token: resident, json: body }))
      }),
      { numRuns: RUNS },
    )
  })

  it('POST /api/campaigns/preview and POST /api/campaigns', async () => {
    const queue = new MemQueue(() => Date.now())
    await fc.assert(
      fc.asyncProperty(campaignBody, fc.boolean(), async (body, create) => {
        const res = create
          ? await callWithQueue(queue, 'POST', '/api/campaigns', { token: office, json: body })
          : await call('POST', '/api/campaigns/preview', { token: office, json: body })
        await checkAnswer(res)
      }),
      { numRuns: RUNS },
    )
  })

  it('GET /api/campaigns and /api/campaigns/:id', async () => {
    const id = fc.oneof(fc.stringMatching(/^cmp_[0-9a-f]{32}$/), fc.string({ maxLength: 40 }).map(encodeURIComponent))
    await fc.assert(
      fc.asyncProperty(queryString(['limit']), id, async (query, cid) => {
        await checkAnswer(await call('GET', `/api/campaigns?${query}`, { token: office }))
        await checkAnswer(await call('GET', `/api/campaigns/${cid}`, { token: office }))
      }),
      { numRuns: RUNS },
    )
  })
})
