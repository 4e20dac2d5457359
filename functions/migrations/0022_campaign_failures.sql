-- A campaign whose planning gave up (its planning message reached the dead-letter queue) ends `failed`, with the
-- reason for the office page, instead of showing "planning" forever. SQLite cannot widen a CHECK in place: the
-- table is rebuilt (nothing references it).
CREATE TABLE campaigns_new (
  id TEXT PRIMARY KEY,
  scope TEXT NOT NULL,
  province TEXT NOT NULL,
  region TEXT,
  created_by TEXT NOT NULL REFERENCES users (id),
  title TEXT NOT NULL,
  data_json TEXT NOT NULL,
  audience TEXT NOT NULL CHECK (audience IN ('all', 'unpaid')),
  year INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('planning', 'sending', 'done', 'failed')),
  cursor TEXT NOT NULL DEFAULT '',
  audience_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  -- why a failed campaign stopped: 'planning_stopped' (the audience walk; it can resume from `cursor`)
  failure TEXT
);
INSERT INTO campaigns_new (id, scope, province, region, created_by, title, data_json, audience, year, status, cursor, audience_count, created_at)
  SELECT id, scope, province, region, created_by, title, data_json, audience, year, status, cursor, audience_count, created_at FROM campaigns;
DROP TABLE campaigns;
ALTER TABLE campaigns_new RENAME TO campaigns;
CREATE INDEX campaigns_by_scope ON campaigns (scope, created_at);

-- A province-wide campaign walks the province's residents in user_id order a page at a time; without this index
-- every page would read and sort the whole province.
CREATE INDEX profiles_by_province_user ON profiles (province, user_id);
