/** Random identifiers: hex from the platform CSPRNG, with a prefix saying what they name. */
export function randomHex(bytes: number): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes))
  let out = ''
  for (const b of buf) out += b.toString(16).padStart(2, '0')
  return out
}

export const newUserId = () => `u_${randomHex(12)}`
export const newImportId = () => `imp_${randomHex(16)}`
