/**
 * A local stand-in for the insurance platform's family mutual aid API (docs/PLATFORM.md), faithful to its
 * requests, answers and error codes, with fault injection. It is a plain Hono app with no platform-specific
 * APIs, so the same code answers in-process in the local Worker (`npm start`: functions/fakes/dev-worker.ts
 * binds it as PLATFORM_API), in Node behind a miniflare service binding (the Worker tests), or anywhere else.
 * Never part of the deployed Worker: `npm run build:worker` fails if its admin routes are in the bundle.
 *
 * Accounts: by default every ID number has an employee personal account holding `defaultBalanceFen` until the
 * admin API says otherwise; `hasAccount` narrows that to the people it accepts (the local app: only employees,
 * so a resident-only person is told there is no personal account). Money really moves: a succeeded transfer
 * lowers the fake account's balance once.
 *
 * Admin endpoints (never part of the real API):
 *   PUT  /__admin/accounts        { idNumber, balanceFen | null }  set a balance; null = no employee account
 *   GET  /__admin/accounts/:no    → { accountNo, balanceFen }
 *   GET  /__admin/transfers       → { transfers: [{ outTradeNo, transferNo, amountFen, status, … }] }
 *   POST /__admin/faults          { kind, times? = 1, hangMs? }  the next transfer calls fail this way
 *   POST /__admin/chaos           { rate, seed?, kinds?, hangMs? }  each transfer call fails with probability rate
 *   PUT  /__admin/households      { members: [idNumber, …] }  one household in the register (户籍)
 *   POST /__admin/reset           forget everything
 * Fault kinds: `reject` (definitive 422, nothing moves), `error-before` (503, nothing moves), `drop-before`
 * (connection lost, nothing moves), `drop-after` (money moves, then the connection is lost), `hang-after`
 * (money moves, the answer comes after `hangMs`, later than the client waits).
 */

import { Hono } from 'hono'
import { seededRandom } from '../../src/lib/prng'

export const FAULT_KINDS = ['reject', 'error-before', 'drop-before', 'drop-after', 'hang-after'] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

/** The fake's API key, public on purpose: the fake holds no real money. */
export const FAKE_PLATFORM_API_KEY = 'canbao-fake-platform-key'

export interface FakePlatformOptions {
  apiKey: string
  defaultBalanceFen?: number
  /** who is in the employee scheme, with a personal account; absent: everyone */
  hasAccount?: (idNumber: string) => boolean
  now?: () => number
}

interface Transfer {
  outTradeNo: string
  transferNo: string
  payerAccountNo: string
  payeeIdNumber: string
  year: number
  item: string
  amountFen: number
  status: 'succeeded' | 'closed'
  completedAt: string
}

const DROP_HEADER = 'x-fake-platform-drop'

/** FNV-1a: a stable account number per ID number without crypto (the fake runs in Node and in workerd). */
export function accountNoOf(idNumber: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < idNumber.length; i++) {
    h ^= idNumber.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return `PA${h.toString(16).padStart(8, '0')}${idNumber.slice(-4)}`
}

export function createFakePlatform(options: FakePlatformOptions) {
  const now = options.now ?? (() => Date.now())
  const defaultBalance = options.defaultBalanceFen ?? 200_000
  // by account number; an account never mentioned holds the default balance (like the demo seed assumes)
  let balances = new Map<string, number | null>()
  let transfers = new Map<string, Transfer>()
  let faults: { kind: FaultKind; hangMs: number }[] = []
  let chaos: { rate: number; random: () => number; kinds: FaultKind[]; hangMs: number } | null = null
  let paidYears = new Set<string>()
  // the household register: ID number → household number. Nobody is in one until the admin API says so, so a
  // stranger's child is never confirmed.
  let households = new Map<string, number>()
  let householdSeq = 0
  let seq = 0

  const balanceOf = (accountNo: string, idNumber?: string): number | null => {
    if (!balances.has(accountNo))
      balances.set(
        accountNo,
        idNumber !== undefined && options.hasAccount && !options.hasAccount(idNumber) ? null : defaultBalance,
      )
    return balances.get(accountNo) ?? null
  }
  const account = (idNumber: string) => {
    const accountNo = accountNoOf(idNumber)
    return { accountNo, balanceFen: balanceOf(accountNo, idNumber) }
  }

  const nextFault = (): { kind: FaultKind; hangMs: number } | null => {
    const queued = faults.shift()
    if (queued) return queued
    if (chaos && chaos.random() < chaos.rate) {
      return {
        kind: chaos.kinds[Math.floor(chaos.random() * chaos.kinds.length)] ?? 'error-before',
        hangMs: chaos.hangMs,
      }
    }
    return null
  }

  const view = (t: Transfer) =>
    t.status === 'closed'
      ? { outTradeNo: t.outTradeNo, status: 'closed' }
      : {
          outTradeNo: t.outTradeNo,
          transferNo: t.transferNo,
          status: t.status,
          amountFen: t.amountFen,
          completedAt: t.completedAt,
        }

  const app = new Hono()

  app.use('/v1/*', async (c, next) => {
    if (c.req.header('authorization') !== `Bearer ${options.apiKey}`)
      return c.json({ code: 'UNAUTHORIZED', message: 'bad api key' }, 401)
    await next()
  })

  app.post('/v1/accounts/lookup', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { idNumber?: unknown } | null
    if (!body || typeof body.idNumber !== 'string' || !/^\d{17}[\dX]$/.test(body.idNumber))
      return c.json({ code: 'INVALID_REQUEST', message: 'idNumber' }, 400)
    const acc = account(body.idNumber)
    if (acc.balanceFen === null)
      return c.json({ code: 'ACCOUNT_NOT_FOUND', message: 'no employee personal account' }, 404)
    return c.json({
      accountNo: acc.accountNo,
      scheme: 'employee',
      balanceFen: acc.balanceFen,
      asOf: new Date(now()).toISOString(),
    })
  })

  app.post('/v1/transfers', async (c) => {
    const body = (await c.req.json().catch(() => null)) as Partial<
      Omit<Transfer, 'transferNo' | 'status' | 'completedAt'>
    > | null
    if (
      !body ||
      typeof body.outTradeNo !== 'string' ||
      typeof body.payerAccountNo !== 'string' ||
      typeof body.payeeIdNumber !== 'string' ||
      !Number.isInteger(body.amountFen) ||
      (body.amountFen as number) <= 0 ||
      !Number.isInteger(body.year) ||
      typeof body.item !== 'string'
    ) {
      return c.json({ code: 'INVALID_REQUEST', message: 'missing or malformed field' }, 400)
    }
    // The same outTradeNo is answered, never executed twice.
    const existing = transfers.get(body.outTradeNo)
    if (existing) {
      if (existing.status === 'closed') return c.json({ code: 'TRANSFER_CLOSED', message: 'transfer was closed' }, 409)
      return c.json(view(existing))
    }
    const fault = nextFault()
    if (fault?.kind === 'reject') return c.json({ code: 'NOT_ELIGIBLE', message: 'injected rejection' }, 422)
    if (fault?.kind === 'error-before') return c.json({ code: 'SYSTEM_BUSY', message: 'injected error' }, 503)
    if (fault?.kind === 'drop-before') return c.body(null, 500, { [DROP_HEADER]: '1' })
    const balance = balanceOf(body.payerAccountNo)
    if (balance === null) return c.json({ code: 'ACCOUNT_NOT_FOUND', message: 'unknown account' }, 422)
    if (balance < (body.amountFen as number))
      return c.json({ code: 'INSUFFICIENT_BALANCE', message: 'balance too low' }, 422)
    const yearKey = `${body.payeeIdNumber}|${body.year}|${body.item}`
    if (paidYears.has(yearKey)) return c.json({ code: 'PAYEE_ALREADY_PAID', message: 'already paid' }, 422)
    balances.set(body.payerAccountNo, balance - (body.amountFen as number))
    paidYears.add(yearKey)
    const t: Transfer = {
      outTradeNo: body.outTradeNo,
      transferNo: `TR${now().toString(36).toUpperCase()}${(++seq).toString(36).toUpperCase().padStart(5, '0')}`,
      payerAccountNo: body.payerAccountNo,
      payeeIdNumber: body.payeeIdNumber,
      year: body.year as number,
      item: body.item,
      amountFen: body.amountFen as number,
      status: 'succeeded',
      completedAt: new Date(now()).toISOString(),
    }
    transfers.set(t.outTradeNo, t)
    if (fault?.kind === 'drop-after') return c.body(null, 500, { [DROP_HEADER]: '1' })
    if (fault?.kind === 'hang-after') await new Promise((r) => setTimeout(r, fault.hangMs))
    return c.json(view(t))
  })

  app.post('/v1/households/verify', async (c) => {
    const body = (await c.req.json().catch(() => null)) as {
      guardianIdNumber?: unknown
      childIdNumber?: unknown
      relationship?: unknown
    } | null
    const valid = (x: unknown): x is string => typeof x === 'string' && /^\d{17}[\dX]$/.test(x)
    if (!body || !valid(body.guardianIdNumber) || !valid(body.childIdNumber) || typeof body.relationship !== 'string') {
      return c.json({ code: 'INVALID_REQUEST', message: 'guardianIdNumber, childIdNumber, relationship' }, 400)
    }
    const child = households.get(body.childIdNumber)
    if (child === undefined) return c.json({ code: 'HOUSEHOLD_NOT_FOUND', message: 'child not in the register' }, 404)
    return c.json({ related: households.get(body.guardianIdNumber) === child })
  })

  app.get('/v1/transfers/:no', (c) => {
    const t = transfers.get(c.req.param('no'))
    if (!t) return c.json({ code: 'TRANSFER_NOT_FOUND', message: 'no such transfer' }, 404)
    return c.json(view(t))
  })

  app.post('/v1/transfers/:no/close', (c) => {
    const no = c.req.param('no')
    const t = transfers.get(no)
    if (t) return c.json(view(t))
    const closed: Transfer = {
      outTradeNo: no,
      transferNo: '',
      payerAccountNo: '',
      payeeIdNumber: '',
      year: 0,
      item: '',
      amountFen: 0,
      status: 'closed',
      completedAt: new Date(now()).toISOString(),
    }
    transfers.set(no, closed)
    return c.json(view(closed))
  })

  app.put('/__admin/accounts', async (c) => {
    const body = (await c.req.json()) as { idNumber: string; balanceFen: number | null }
    balances.set(accountNoOf(body.idNumber), body.balanceFen)
    return c.json(account(body.idNumber))
  })
  app.get('/__admin/accounts/:no', (c) => {
    if (!balances.has(c.req.param('no'))) return c.json({ code: 'ACCOUNT_NOT_FOUND' }, 404)
    return c.json({ accountNo: c.req.param('no'), balanceFen: balances.get(c.req.param('no')) ?? null })
  })
  app.get('/__admin/transfers', (c) =>
    c.json({ transfers: [...transfers.values()].filter((t) => t.status !== 'closed').map(view) }),
  )
  app.post('/__admin/faults', async (c) => {
    const body = (await c.req.json()) as { kind: FaultKind; times?: number; hangMs?: number }
    for (let i = 0; i < (body.times ?? 1); i++) faults.push({ kind: body.kind, hangMs: body.hangMs ?? 1_000 })
    return c.json({ queued: faults.length })
  })
  app.post('/__admin/chaos', async (c) => {
    const body = (await c.req.json()) as { rate: number; seed?: number; kinds?: FaultKind[]; hangMs?: number }
    chaos =
      body.rate > 0
        ? {
            rate: body.rate,
            random: seededRandom(body.seed ?? 1),
            kinds: body.kinds ?? [...FAULT_KINDS],
            hangMs: body.hangMs ?? 1_000,
          }
        : null
    return c.json({ ok: true })
  })
  app.put('/__admin/households', async (c) => {
    const body = (await c.req.json()) as { members: string[] }
    const no = ++householdSeq
    for (const id of body.members) households.set(id, no)
    return c.json({ household: no })
  })
  app.post('/__admin/reset', (c) => {
    households = new Map()
    balances = new Map()
    transfers = new Map()
    paidYears = new Set()
    faults = []
    chaos = null
    return c.json({ ok: true })
  })

  return {
    app,
    /** A lost connection is a rejected fetch, as the Worker's client would see it. */
    async fetch(request: Request): Promise<Response> {
      const res = await app.fetch(request)
      if (res.headers.get(DROP_HEADER)) throw new TypeError('fake platform: connection lost')
      return res
    },
  }
}
