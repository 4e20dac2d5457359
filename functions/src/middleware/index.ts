export { requireOffice, requireUser, type OfficeEnv } from './auth'
export { noStore } from './no-store'
