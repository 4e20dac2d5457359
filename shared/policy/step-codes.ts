// Stable codes of explanation steps (type only: no runtime cost). renderStepZh has one sentence per code;
// the values each step carries are listed beside it. A year range `from`–`to` may be a single year.

export type StepCode =
  | 'REGION_NOT_IN_TABLE' // region
  | 'DECISION_OVERRIDDEN' // decision
  | 'NOT_COVERED' // year
  | 'NOT_COVERED_EMPLOYEE' // year
  | 'EMPLOYEE_ENDED' // endedOn, fromDate, coverageEnd, next?, paidOn?: employee cover ended before 12-31
  | 'EMPLOYEE_ENDED_SWITCH' // the same, with the switch rule's years, months, deadline, condition?
  | 'MECHANISM_NOT_IN_FORCE' // year, start
  | 'BASE_CAP' // baseYuan
  | 'BASE_CAP_INPUT' // baseYuan
  | 'BASE_CAP_INPUT_IGNORED' // baseYuan (given), provinceYuan: the province fixes it (Sichuan)
  | 'BASE_CAP_REGION' // region, year, baseYuan: the region's figure for that year
  | 'BASE_CAP_UNKNOWN' // region, year
  | 'STEP_FIXED' // stepYuan
  | 'STEP_PERCENT' // percent, stepYuan?
  | 'STEP_MINIMUM' // stepYuan: the document's minimum, the region's figure unknown
  | 'STEP_INPUT_IGNORED' // stepYuan: the province's document fixes the step
  | 'STREAK' // years, from, to
  | 'STREAK_BROKEN_BY_EMPLOYEE' // year
  | 'CONTINUOUS' // steps, after, from, to, stepYuan?
  | 'CONTINUOUS_NONE' // years, after
  | 'CONTINUOUS_KEPT' // steps, after, from, to, stepYuan? (an earlier streak, D4 keeps it)
  | 'CONTINUOUS_LOST' // steps, from, to (an earlier streak, lost after the gap)
  | 'ZERO_CLAIM_RESET' // year, cleared
  | 'ZERO_CLAIM_CLEARED_BY_GAP' // year, cleared (D5 changed)
  | 'ZERO_CLAIM' // steps, from, to, stepYuan?
  | 'ZERO_CLAIM_UNKNOWN' // from, to
  | 'ZERO_CLAIM_RESET_NEXT_YEAR' // year, next
  | 'INCENTIVE' // steps, incentiveYuan?
  | 'INCENTIVE_NONE'
  | 'INCENTIVE_LIMIT' // rawYuan, maxUpYuan, percent?
  | 'BIRTH_YEAR_NOT_GAP' // birthYear
  | 'GAP_RUN' // years, from, to
  | 'BACK_PAY_RESTORED' // years (D11 changed)
  | 'PENALTY' // gapYears, steps, penaltyYuan?
  | 'PENALTY_PER_REENROLLMENT' // gapYears, steps, penaltyYuan? (D7)
  | 'PENALTY_NONE'
  | 'PENALTY_NOT_PERSISTING' // gapYears (D6 changed)
  | 'PENALTY_LIMIT' // rawYuan, maxDownYuan, percent?
  | 'CAP' // baseYuan, incentiveYuan, penaltyYuan, capYuan
  | 'CAP_UNKNOWN'
  | 'CAP_IS_BASE' // the base cap is unknown; nothing raises or lowers it
  | 'CAP_RELATIVE' // incentiveYuan? | incentivePercent?, penaltyYuan? | penaltyPercent?, maxUpPercent?, maxDownPercent?
  | 'CAP_AT_ZERO' // rawYuan: base + incentive − penalty came out below zero
  | 'RULES_ASSUMED_CONTINUING' // year, issuedYear, years
  | 'NEWBORN_NEXT_YEAR_ON_TIME' // days, next
  | 'PROGRAMME_PAID' // from, to, years, paidOn
  | 'EXEMPT' // group, date, days?
  | 'GROUP_NOT_APPLIED' // group, reason, days?
  | 'LATE' // paidOn, periodStart, periodEnd
  | 'GAP_LENGTH' // years
  | 'NO_WAITING' // year
  | 'WAITING_FIXED' // months
  | 'WAITING_VARIABLE' // gapYears, months
  | 'BACK_PAY' // years, monthsSaved
  | 'BACK_PAY_OUTSIDE_GAP' // years
  | 'WAITING_FLOOR' // gapYears, before, months
  | 'BENEFIT_START' // date, fromDate, months
  | 'BENEFIT_AFTER_COVERAGE' // date, coverageEnd
  | 'COVERAGE_END' // date
  | 'REPAIR_COST' // years, standardFen?, costFen
  | 'REPAIR_COST_UNKNOWN' // years
  | 'CONTRIBUTION' // fen
  | 'CONTRIBUTION_INPUT' // fen
  | 'CONTRIBUTION_UNKNOWN' // minimumFen?
  | 'CONTRIBUTION_SUBSIDISED'
  | 'NEWBORN_FREE' // year
  | 'CONVERSION' // residentYears, employeeYears, per

/** GROUP_NOT_APPLIED.reason */
export type GroupReason =
  | 'not-in-province'
  | 'window-missed'
  | 'newborn-window-missed'
  | 'exit-date-missing'
  | 'discharged-earlier'
  | 'switch-end-missing'
  | 'discharge-date-missing'
