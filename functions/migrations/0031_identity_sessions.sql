-- Identity and sessions (issue 13, identity part).

-- profiles.id_hash was UNIQUE: a second account typing someone's ID number was told "already bound", which
-- told an unverified stranger that the number is registered. Now any number of unverified (self-declared)
-- profiles may carry the same ID hash, and only a verified one (WeChat face check passed) holds it: at most one
-- verified profile per ID. SQLite cannot drop a column constraint, so the table is rebuilt.
CREATE TABLE profiles_next (
  user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  id_enc TEXT NOT NULL,
  id_hash TEXT NOT NULL,
  id_masked TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  province TEXT NOT NULL,
  region TEXT,
  updated_at TEXT NOT NULL,
  verified_at TEXT
);
INSERT INTO profiles_next (user_id, name, id_enc, id_hash, id_masked, birth_date, province, region, updated_at, verified_at)
  SELECT user_id, name, id_enc, id_hash, id_masked, birth_date, province, region, updated_at, verified_at FROM profiles;
DROP TABLE profiles;
ALTER TABLE profiles_next RENAME TO profiles;
-- the indexes of the old table, as 0002, 0020 and 0022 made them
CREATE INDEX profiles_by_region ON profiles (province, region, id_hash);
CREATE INDEX profiles_by_region_user ON profiles (province, region, user_id);
CREATE INDEX profiles_by_province_user ON profiles (province, user_id);
CREATE INDEX profiles_by_id_hash ON profiles (id_hash);
CREATE UNIQUE INDEX profiles_one_verified_per_id ON profiles (id_hash) WHERE verified_at IS NOT NULL;

-- A deleted account stays as a tombstone so the family ledger and payment receipts (which must be kept) still
-- point somewhere: its openid is replaced by a pseudonym, everything personal is removed, and no token of it
-- is accepted again. A later sign-in with the same WeChat account starts a new, empty account.
ALTER TABLE users ADD COLUMN deleted_at TEXT;

-- One row per sign-in. A token names its session; the session must exist, be unrevoked and belong to a live
-- account on every request, so sign-out and account deletion end a token at once.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  issued_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- WeChat face checks (人脸核身 2.0) started: out_seq_no is ours (unique per appid, as WeChat requires),
-- verify_id is WeChat's. subject_hash is the keyed hash of the name and ID number the check was started for,
-- so a profile edited between start and finish cannot be verified with the old face check.
CREATE TABLE face_verifications (
  out_seq_no TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  verify_id TEXT NOT NULL,
  subject_hash TEXT NOT NULL,
  started_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  finished_at TEXT,
  verify_ret INTEGER
);
CREATE INDEX face_verifications_by_user ON face_verifications (user_id, started_at);

-- What an account must be told on its next visit (its verified ID was taken over by the person's own face check).
CREATE TABLE account_notices (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('id-taken-over')),
  created_at TEXT NOT NULL
);
CREATE INDEX account_notices_by_user ON account_notices (user_id);

-- Separate consent to processing sensitive personal information (个人信息保护法 §29): the exact text shown,
-- its version and when the resident agreed.
CREATE TABLE consents (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('sensitive-pi')),
  version TEXT NOT NULL,
  text TEXT NOT NULL,
  given_at TEXT NOT NULL,
  PRIMARY KEY (user_id, purpose)
) WITHOUT ROWID;
