import { sha256Hex } from '../lib/hex'

// Invitation codes are read aloud and typed on a phone: no 0/O, 1/I/L look-alikes, upper case only.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

/** 8 characters from 31: about 40 bits, enough with single use, a 7-day expiry and a per-user attempt limit. */
export function newInviteCode(length = 8): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length * 2))
  let out = ''
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i] as number
    // rejection sampling keeps every character equally likely
    if (b < 248) out += ALPHABET[b % ALPHABET.length]
  }
  return out.length === length ? out : newInviteCode(length)
}

/** What D1 keeps of a code: its SHA-256, so a database read does not hand out working invitations. */
export const inviteCodeHash = (code: string): Promise<string> => sha256Hex(code.toUpperCase())
