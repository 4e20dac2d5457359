import { env } from 'cloudflare:workers'

/**
 * Marks a profile verified the way a successful WeChat face check does (profiles.verified_at, migration 0030).
 * The real flow is the identity area's; tests of consent and office scope only need its outcome.
 */
export async function markVerified(userId: string, at = new Date().toISOString()): Promise<void> {
  const res = await env.DB.prepare('UPDATE profiles SET verified_at = ?2 WHERE user_id = ?1').bind(userId, at).run()
  if (res.meta.changes !== 1) throw new Error(`markVerified: no profile for ${userId}`)
}
