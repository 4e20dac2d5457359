export * from './relationships'
export * from './items'
export * from './standard'
export * from './commitment'
