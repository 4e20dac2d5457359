/** Lowercase hex of bytes, two digits each: the one encoder of IDs, digests and tokens (Worker and fakes). */
const DIGITS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += DIGITS[b]
  return out
}

/** SHA-256 of UTF-8 text or bytes, as lowercase hex. */
export async function sha256Hex(data: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)))
}
