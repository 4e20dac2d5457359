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

/** The longest line the seed file may have, in bytes (the repository's limit, counted as `awk length` does). */
const SEED_WIDTH = 120
const bytes = (s: string) => Buffer.byteLength(s, 'utf8')

/** A string literal cut into pieces joined with `||`, each piece short enough for a line of its own. */
function cutLiteral(literal: string, room: number): string[] {
  const body = literal.slice(1, -1)
  const pieces: string[] = []
  let piece = ''
  for (let i = 0; i < body.length; i++) {
    // an escaped quote ('') stays in one piece
    const ch = body[i] === "'" ? "''" : (body[i] as string)
    if (ch === "''") i++
    if (bytes(`'${piece}${ch}' ||`) > room) {
      pieces.push(`'${piece}' ||`)
      piece = ''
    }
    piece += ch
  }
  return [...pieces, `'${piece}'`]
}

/**
 * One line of SQL (or a comment) laid out over lines of at most SEED_WIDTH bytes: breaks only at spaces outside
 * string literals, a literal too long for a line is cut into `||`-joined pieces. A short line is returned as it
 * is, so laying out an already laid-out file changes nothing. Statements still end at a `;` at the end of a line.
 */
export function layoutSqlLine(line: string): string[] {
  if (bytes(line) <= SEED_WIDTH) return [line]
  const indent = '  '
  if (line.startsWith('--')) {
    const out: string[] = []
    let current = ''
    for (const word of line.replace(/^--\s*/, '').split(' ')) {
      const prefix = out.length === 0 && current === '' ? '-- ' : ''
      if (current !== '' && bytes(`${current} ${word}`) > SEED_WIDTH) {
        out.push(current)
        current = `-- ${word}`
      } else current = current === '' ? `${prefix || '-- '}${word}` : `${current} ${word}`
    }
    return [...out, current]
  }
  const tokens = line.match(/'(?:[^']|'')*'|[^\s']+|\s+/g) ?? [line]
  const words: string[] = []
  let glued = ''
  for (const token of tokens) {
    if (/^\s+$/.test(token)) {
      if (glued !== '') words.push(glued)
      glued = ''
    } else glued += token
  }
  if (glued !== '') words.push(glued)
  const out: string[] = []
  let current = ''
  const push = (word: string) => {
    const lead = out.length === 0 ? '' : indent
    if (current !== '' && bytes(`${lead}${current} ${word}`) > SEED_WIDTH) {
      out.push(`${lead}${current}`)
      current = word
    } else current = current === '' ? word : `${current} ${word}`
  }
  for (const word of words) {
    const literal = word.match(/^([^']*)('(?:[^']|'')*')([^']*)$/)
    if (literal && bytes(indent + word) > SEED_WIDTH) {
      const [, before = '', lit = "''", after = ''] = literal
      const pieces = cutLiteral(lit, SEED_WIDTH - bytes(indent) - 2)
      pieces.forEach((piece, i) => {
        push(`${i === 0 ? before : ''}${piece}${i === pieces.length - 1 ? after : ''}`)
      })
    } else push(word)
  }
  out.push(`${out.length === 0 ? '' : indent}${current}`)
  return out
}
