import { toHex } from './hex'

/** Random identifiers: hex from the platform CSPRNG, with a prefix saying what they name. */
export const randomHex = (bytes: number): string => toHex(crypto.getRandomValues(new Uint8Array(bytes)))

export const newUserId = () => `u_${randomHex(12)}`
export const newImportId = () => `imp_${randomHex(16)}`
