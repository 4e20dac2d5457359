import {
  PlatformUnavailable,
  type HouseholdAnswer,
  type HouseholdQuery,
  type PlatformAccount,
  type PlatformApi,
  type TransferOutcome,
  type TransferRequest,
  type TransferStatus,
} from './types'

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>

export interface HttpClientOptions {
  baseUrl: string
  apiKey: string
  fetch: FetchLike
  /** a transfer that has not answered by then has an unknown outcome */
  timeoutMs: number
}

interface ErrorBody {
  code?: string
  message?: string
}

/** Codes after which the platform guarantees the transfer did not and will not happen. */
const DEFINITIVE_FAILURES = new Set([
  'INSUFFICIENT_BALANCE',
  'PAYEE_ALREADY_PAID',
  'ACCOUNT_FROZEN',
  'ACCOUNT_NOT_FOUND',
  'INVALID_REQUEST',
  'TRANSFER_CLOSED',
  'NOT_ELIGIBLE',
])

/** The documented HTTP API of docs/PLATFORM.md. */
export class PlatformHttpClient implements PlatformApi {
  constructor(private readonly options: HttpClientOptions) {}

  private async send(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs)
    try {
      const res = await this.options.fetch(`${this.options.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.options.apiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      })
      const text = await res.text()
      let json: Record<string, unknown> = {}
      try {
        const parsed: unknown = text ? JSON.parse(text) : {}
        if (parsed && typeof parsed === 'object') json = parsed as Record<string, unknown>
      } catch {
        if (res.ok) throw new PlatformUnavailable('platform answered with unreadable JSON')
      }
      return { status: res.status, json }
    } catch (err) {
      if (err instanceof PlatformUnavailable) throw err
      throw new PlatformUnavailable(
        controller.signal.aborted ? 'timeout' : err instanceof Error ? err.message : String(err),
      )
    } finally {
      clearTimeout(timer)
    }
  }

  async lookupAccount(idNumber: string): Promise<PlatformAccount | null> {
    const { status, json } = await this.send('POST', '/v1/accounts/lookup', { idNumber })
    if (status === 404) return null
    if (status !== 200 || typeof json.accountNo !== 'string' || !Number.isInteger(json.balanceFen)) {
      throw new PlatformUnavailable(`account lookup answered ${status}`)
    }
    return { accountNo: json.accountNo, balanceFen: json.balanceFen as number }
  }

  async transfer(request: TransferRequest): Promise<TransferOutcome> {
    try {
      const { status, json } = await this.send('POST', '/v1/transfers', request)
      return this.outcome(status, json)
    } catch (err) {
      return { kind: 'unknown', reason: err instanceof Error ? err.message : String(err) }
    }
  }

  private outcome(status: number, json: Record<string, unknown>): TransferOutcome {
    if (status === 200 && json.status === 'succeeded' && typeof json.transferNo === 'string') {
      return {
        kind: 'succeeded',
        transferNo: json.transferNo,
        completedAt: typeof json.completedAt === 'string' ? json.completedAt : new Date().toISOString(),
      }
    }
    const body = json as ErrorBody
    if (status === 200 && json.status === 'failed')
      return { kind: 'failed', code: String(json.failureCode ?? 'FAILED'), message: String(json.failureMessage ?? '') }
    if (status >= 400 && status < 500 && body.code && DEFINITIVE_FAILURES.has(body.code)) {
      return { kind: 'failed', code: body.code, message: body.message ?? '' }
    }
    return { kind: 'unknown', reason: `platform answered ${status} ${body.code ?? ''}`.trim() }
  }

  private async status(method: 'GET' | 'POST', path: string): Promise<TransferStatus> {
    try {
      const { status, json } = await this.send(method, path)
      if (status === 404 && (json as ErrorBody).code === 'TRANSFER_NOT_FOUND') return { kind: 'not-found' }
      if (status === 200 && json.status === 'closed') return { kind: 'failed', code: 'TRANSFER_CLOSED', message: '' }
      const outcome = this.outcome(status, json)
      return outcome
    } catch (err) {
      return { kind: 'unknown', reason: err instanceof Error ? err.message : String(err) }
    }
  }

  getTransfer(outTradeNo: string): Promise<TransferStatus> {
    return this.status('GET', `/v1/transfers/${encodeURIComponent(outTradeNo)}`)
  }

  cancelTransfer(outTradeNo: string): Promise<TransferStatus> {
    return this.status('POST', `/v1/transfers/${encodeURIComponent(outTradeNo)}/close`)
  }

  async confirmHousehold(query: HouseholdQuery): Promise<HouseholdAnswer> {
    const { status, json } = await this.send('POST', '/v1/households/verify', query)
    if (status === 200 && typeof json.related === 'boolean') return json.related ? 'confirmed' : 'not-confirmed'
    if (status === 404 && (json as ErrorBody).code === 'HOUSEHOLD_NOT_FOUND') return 'not-confirmed'
    throw new PlatformUnavailable(`household check answered ${status} ${(json as ErrorBody).code ?? ''}`.trim())
  }
}
