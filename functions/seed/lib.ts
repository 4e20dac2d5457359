/**
 * The demo seed's helpers (functions/seed/generate.ts and its sections): ID numbers stored the way the Worker
 * stores them (functions/src/lib/crypto.ts) under the published development keys, and SQL literals. The IV is
 * derived from the plaintext, so the generated file is the same on every run.
 */
import { createCipheriv, createHmac } from 'node:crypto'
import { DEV_ID_ENC_KEY, DEV_ID_HASH_KEY } from '../src/lib/dev-keys'

const encKey = Buffer.from(DEV_ID_ENC_KEY, 'base64')
const hashKey = Buffer.from(DEV_ID_HASH_KEY, 'base64')

/** The Worker's `v1.<iv>.<ciphertext+tag>` format, additional data `resident-id`. */
export function encryptId(id: string): string {
  const iv = createHmac('sha256', encKey).update(`demo-iv:${id}`).digest().subarray(0, 12)
  const cipher = createCipheriv('aes-256-gcm', encKey, iv)
  cipher.setAAD(Buffer.from('resident-id'))
  const sealed = Buffer.concat([cipher.update(id, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return `v1.${iv.toString('base64')}.${sealed.toString('base64')}`
}

/** The look-up hash of an ID number (HMAC-SHA-256, hex), as the Worker computes it. */
export const hashId = (id: string) => createHmac('sha256', hashKey).update(id).digest('hex')

/** A SQL literal: NULL, a number, 1/0 for a boolean, or a quoted string. */
export const q = (v: string | number | boolean | null | undefined): string =>
  v === undefined || v === null
    ? 'NULL'
    : typeof v === 'number'
      ? String(v)
      : typeof v === 'boolean'
        ? v
          ? '1'
          : '0'
        : `'${v.replace(/'/g, "''")}'`
