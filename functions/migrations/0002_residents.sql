-- Accounts, residents and what they declare about themselves. Dates are YYYY-MM-DD text in China Standard
-- Time; instants are ISO 8601 UTC text; money is integer fen.

-- One row per WeChat user. `id` is what session tokens carry, so an openid never travels in a token.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  openid TEXT NOT NULL UNIQUE,
  unionid TEXT,
  role TEXT NOT NULL DEFAULT 'resident' CHECK (role IN ('resident', 'office')),
  -- an office user acts for one province, or for one prefecture (pooling region) in it
  office_province TEXT,
  office_region TEXT,
  created_at TEXT NOT NULL,
  last_login_at TEXT NOT NULL,
  CHECK (role = 'resident' OR office_province IS NOT NULL),
  CHECK (office_region IS NULL OR substr(office_region, 1, 2) = office_province)
);

-- The resident behind an account. The ID number is stored only encrypted (AES-GCM), with a keyed hash
-- (HMAC-SHA256) for look-ups and office matching, and a masked copy for display.
CREATE TABLE profiles (
  user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  id_enc TEXT NOT NULL,
  id_hash TEXT NOT NULL UNIQUE,
  id_masked TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  province TEXT NOT NULL,
  region TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX profiles_by_region ON profiles (province, region, id_hash);

-- Groups and back-paid years a resident declares (policy input `groups`, `backPaidYears`), as JSON arrays.
CREATE TABLE declarations (
  user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  groups_json TEXT NOT NULL DEFAULT '[]',
  back_paid_years_json TEXT NOT NULL DEFAULT '[]',
  updated_at TEXT NOT NULL
);

-- Self-declared covered years (provenance `self`); office records of the same year win over them.
CREATE TABLE self_records (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  scheme TEXT NOT NULL CHECK (scheme IN ('resident', 'employee')),
  paid_on TEXT,
  fund_paid_fen INTEGER CHECK (fund_paid_fen IS NULL OR fund_paid_fen >= 0),
  incentive_used INTEGER CHECK (incentive_used IS NULL OR incentive_used IN (0, 1)),
  ended_on TEXT,
  PRIMARY KEY (user_id, year)
) WITHOUT ROWID;

-- Fixed-window counters (login attempts, profile changes); rows older than two days are pruned daily.
CREATE TABLE rate_limits (
  bucket TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  hits INTEGER NOT NULL,
  PRIMARY KEY (bucket, window_start)
) WITHOUT ROWID;

-- WeChat's access token, shared by every Worker instance; encrypted because it is a credential.
CREATE TABLE wechat_tokens (
  appid TEXT PRIMARY KEY,
  token_enc TEXT NOT NULL,
  expires_at_ms INTEGER NOT NULL
);
