import type { D1Database } from '../env'
import { camelRow } from './rows'

export async function readCachedToken(db: D1Database, appid: string) {
  const row = await db
    .prepare('SELECT token_enc, expires_at_ms FROM wechat_tokens WHERE appid = ?1')
    .bind(appid)
    .first<{ tokenEnc: string; expiresAtMs: number }>()
    .then(camelRow)
  return row ? { tokenEnc: row.tokenEnc, expiresAtMs: row.expiresAtMs } : null
}

export async function storeCachedToken(
  db: D1Database,
  appid: string,
  tokenEnc: string,
  expiresAtMs: number,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO wechat_tokens (appid, token_enc, expires_at_ms) VALUES (?1, ?2, ?3)
       ON CONFLICT (appid) DO UPDATE SET token_enc = excluded.token_enc, expires_at_ms = excluded.expires_at_ms`,
    )
    .bind(appid, tokenEnc, expiresAtMs)
    .run()
}
