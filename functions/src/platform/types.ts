// The insurance platform (医保信息平台) as Canbao needs it for family mutual aid: look up a payer's employee
// personal account, move money from it to a relative's contribution, and ask what became of a transfer.
// docs/PLATFORM.md documents the HTTP API the real client speaks and the fake answers.

export interface PlatformAccount {
  accountNo: string
  balanceFen: number
}

export interface TransferRequest {
  /** our payment id: the platform's idempotency key for the transfer */
  outTradeNo: string
  payerAccountNo: string
  payeeIdNumber: string
  payeeName: string
  year: number
  item: 'resident-contribution' | 'long-term-care'
  amountFen: number
}

/**
 * What a transfer call tells us. `unknown` (timeout, 5xx, network) is the case that matters: the money may
 * or may not have moved, so the payment stays pending until reconciliation asks the platform.
 */
export type TransferOutcome =
  | { kind: 'succeeded'; transferNo: string; completedAt: string }
  | { kind: 'failed'; code: string; message: string }
  | { kind: 'unknown'; reason: string }

/** A transfer's state as the platform reports it when asked later. */
export type TransferStatus =
  | { kind: 'succeeded'; transferNo: string; completedAt: string }
  | { kind: 'failed'; code: string; message: string }
  | { kind: 'not-found' }
  | { kind: 'unknown'; reason: string }

/** A guardian's claim to be a child's parent or grandparent, as the household register can confirm it. */
export interface HouseholdQuery {
  guardianIdNumber: string
  childIdNumber: string
  /** the payer's relationship to the child as declared: child, grandchild or maternal-grandchild */
  relationship: string
}

/**
 * `confirmed`: the household register (户籍) links the two as declared. `not-confirmed`: it does not, or the
 * platform cannot tell (not in one household, no record): an office must look at the household register page.
 */
export type HouseholdAnswer = 'confirmed' | 'not-confirmed'

export interface PlatformApi {
  /** null when the person has no employee personal account */
  lookupAccount(idNumber: string): Promise<PlatformAccount | null>
  transfer(request: TransferRequest): Promise<TransferOutcome>
  getTransfer(outTradeNo: string): Promise<TransferStatus>
  /**
   * Closes a transfer the platform never received, so that it can never execute later; answers the
   * transfer's final state when it did arrive.
   */
  cancelTransfer(outTradeNo: string): Promise<TransferStatus>
  /** Throws PlatformUnavailable when the platform cannot be asked; the binding then waits for an office. */
  confirmHousehold(query: HouseholdQuery): Promise<HouseholdAnswer>
}

export class PlatformUnavailable extends Error {}
