/**
 * Field encryption and keyed look-up hashes with WebCrypto. Keys come from Worker secrets (base64) and are
 * imported once per isolate. Ciphertexts carry a version prefix so keys can be rotated later, and an
 * additional-data label so a ciphertext made for one purpose cannot be replayed as another.
 */

import { ApiError } from './errors'
import { sha256Hex, toHex } from './hex'
import { log } from './log'

export type CipherPurpose = 'resident-id' | 'import-chunk' | 'wechat-token' | 'household-proof'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

function secretBytes(name: string, value: string | undefined, minBytes: number): Uint8Array<ArrayBuffer> {
  let bytes: Uint8Array<ArrayBuffer> | null = null
  try {
    bytes = value ? fromBase64(value.trim()) : null
  } catch {
    bytes = null
  }
  if (!bytes || bytes.length < minBytes) {
    // Fail closed: without the key nothing about an ID may be stored or compared.
    log.error('config_missing_secret', { secret: name })
    throw new ApiError('INTERNAL')
  }
  return bytes
}

const keyCache = new Map<string, Promise<CryptoKey>>()

function cachedKey(cacheKey: string, make: () => Promise<CryptoKey>): Promise<CryptoKey> {
  let key = keyCache.get(cacheKey)
  if (!key) {
    key = make()
    keyCache.set(cacheKey, key)
    key.catch(() => keyCache.delete(cacheKey))
  }
  return key
}

export function aesKey(secret: string | undefined): Promise<CryptoKey> {
  const bytes = secretBytes('ID_ENC_KEY', secret, 32)
  if (bytes.length !== 32) {
    log.error('config_bad_secret', { secret: 'ID_ENC_KEY', reason: 'must be 32 bytes' })
    throw new ApiError('INTERNAL')
  }
  return cachedKey(`aes:${secret}`, () =>
    crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']),
  )
}

export function hmacKey(secret: string | undefined, name = 'ID_HASH_KEY'): Promise<CryptoKey> {
  const bytes = secretBytes(name, secret, 32)
  return cachedKey(`hmac:${secret}`, () =>
    crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
  )
}

export async function encryptText(key: CryptoKey, plaintext: string, purpose: CipherPurpose): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(purpose) },
    key,
    encoder.encode(plaintext),
  )
  return `v1.${toBase64(iv)}.${toBase64(new Uint8Array(sealed))}`
}

export async function decryptText(key: CryptoKey, blob: string, purpose: CipherPurpose): Promise<string> {
  const [version, iv, sealed] = blob.split('.')
  if (version !== 'v1' || !iv || !sealed) throw new Error('unknown ciphertext format')
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(iv), additionalData: encoder.encode(purpose) },
    key,
    fromBase64(sealed),
  )
  return decoder.decode(plain)
}

/** Bytes sealed as one byte string (12-byte IV, then ciphertext and tag), for a D1 BLOB: no base64 growth. */
export async function encryptBytes(
  key: CryptoKey,
  plain: Uint8Array<ArrayBuffer>,
  purpose: CipherPurpose,
): Promise<Uint8Array<ArrayBuffer>> {
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(purpose) }, key, plain),
  )
  const out = new Uint8Array(iv.length + sealed.length)
  out.set(iv)
  out.set(sealed, iv.length)
  return out
}

export async function decryptBytes(
  key: CryptoKey,
  blob: Uint8Array,
  purpose: CipherPurpose,
): Promise<Uint8Array<ArrayBuffer>> {
  if (blob.length < 12 + 16) throw new Error('sealed bytes too short')
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: blob.slice(0, 12), additionalData: encoder.encode(purpose) },
    key,
    blob.slice(12),
  )
  return new Uint8Array(plain)
}

export async function hmacHex(key: CryptoKey, text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(text))))
}

export { sha256Hex }
