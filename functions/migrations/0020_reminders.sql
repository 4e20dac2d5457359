-- Reminders as WeChat subscription messages: what each resident allowed, every message planned (one row per
-- idempotency key), and the campaigns offices send. Instants are epoch milliseconds (send timing is compared
-- with the clock) or ISO text where people read them.

-- One row per (user, reminder kind). WeChat's one-time templates allow one message per `accept`: `allowance`
-- counts them; a send takes one, a 43101 answer clears them. `enabled = 0` is the resident's off switch.
CREATE TABLE reminder_subscriptions (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  template_id TEXT NOT NULL,
  allowance INTEGER NOT NULL DEFAULT 0 CHECK (allowance >= 0),
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  last_result TEXT,
  last_result_at TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (user_id, kind)
) WITHOUT ROWID;
CREATE INDEX reminder_subscriptions_sendable ON reminder_subscriptions (kind, user_id) WHERE allowance > 0 AND enabled = 1;

CREATE TABLE campaigns (
  id TEXT PRIMARY KEY,
  -- the office's area: a prefecture code, or a province code + '0000'
  scope TEXT NOT NULL,
  province TEXT NOT NULL,
  region TEXT,
  created_by TEXT NOT NULL REFERENCES users (id),
  title TEXT NOT NULL,
  data_json TEXT NOT NULL,
  audience TEXT NOT NULL CHECK (audience IN ('all', 'unpaid')),
  year INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('planning', 'sending', 'done')),
  -- keyset cursor of the audience walk (profiles.user_id), so planning resumes where it stopped
  cursor TEXT NOT NULL DEFAULT '',
  audience_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX campaigns_by_scope ON campaigns (scope, created_at);

-- Every planned message. `key` is the idempotency key (user, kind, year, offset — a campaign's id as its
-- offset): it is inserted before anything is sent, so a planner that runs twice or a queue message delivered
-- twice finds the row and never sends a second message.
--   queued   → sending (allowance taken, attempt under way) → sent
--                                                        → retrying → sending …
--                                                        → failed (after the last try; allowance given back)
--   queued   → skipped (no allowance, or 43101)      queued → deferred (quiet hours) → sending …
CREATE TABLE reminder_deliveries (
  key TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  year INTEGER NOT NULL,
  offset TEXT NOT NULL,
  campaign_id TEXT,
  data_json TEXT NOT NULL,
  page TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'retrying', 'deferred', 'sent', 'failed', 'skipped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  allowance_taken INTEGER NOT NULL DEFAULT 0,
  -- a `sending` row whose lease ran out belongs to a consumer that died mid-attempt
  lease_until_ms INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  sent_at_ms INTEGER
) WITHOUT ROWID;
CREATE INDEX reminder_deliveries_by_campaign ON reminder_deliveries (campaign_id, status) WHERE campaign_id IS NOT NULL;
CREATE INDEX reminder_deliveries_by_user ON reminder_deliveries (user_id, created_at_ms);
CREATE INDEX profiles_by_region_user ON profiles (province, region, user_id);
-- the daily sweep for rows the queue lost track of reads only unfinished rows
CREATE INDEX reminder_deliveries_open ON reminder_deliveries (status, updated_at_ms) WHERE status IN ('queued', 'sending', 'retrying', 'deferred');
