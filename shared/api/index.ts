// The API contract in one import for the mini-program and the Worker: request schemas, response shapes,
// and the pure rules (ID numbers, import files) both sides check the same way.
export * from './common'
export * from './dates'
export * from './resident-id'
export * from './health'
export * from './profile'
export * from './auth'
export * from './history'
export * from './entitlement'
export * from './office'
export * from './reminders'
export * from './import-csv'
