// Who the local fake platform (`npm start`, the e2e run) treats as being in the employee scheme, with a
// personal account. Everyone else — 张三 and the other resident-only demo people, the payer's mother, a new
// user — has none, as on the real platform, so the 家庭 tab explains family mutual aid instead of offering it.

import { residentIdCheckChar } from '@canbao/shared/api/resident-id'

/** The demo payer 周建国 of functions/seed/family.ts. */
export const DEMO_PAYER_ID_NUMBER = '51010419750412331' + residentIdCheckChar('51010419750412331')

/**
 * Test convention of the fake only: an ID number whose sequence code (digits 15–17) starts with 9 belongs
 * to an employee. Tests that need a fresh payer make one up that way.
 */
export const FAKE_EMPLOYEE_SEQUENCE = /^\d{14}9\d\d[\dX]$/

export const isFakeEmployee = (idNumber: string): boolean =>
  idNumber === DEMO_PAYER_ID_NUMBER || FAKE_EMPLOYEE_SEQUENCE.test(idNumber)
