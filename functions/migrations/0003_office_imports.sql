-- Enrollment records imported by insurance offices, and the import jobs that bring them in.

-- Keyed by the resident's ID hash, not by account: an office's records exist before (or without) the
-- resident ever signing in, and attach to a profile with the same ID number. `scope` is the importing
-- office's region (prefecture code, or province code + '0000'), so two offices never overwrite each other.
CREATE TABLE office_records (
  id_hash TEXT NOT NULL,
  year INTEGER NOT NULL,
  scope TEXT NOT NULL,
  id_masked TEXT NOT NULL,
  scheme TEXT NOT NULL CHECK (scheme IN ('resident', 'employee')),
  paid_on TEXT,
  fund_paid_fen INTEGER CHECK (fund_paid_fen IS NULL OR fund_paid_fen >= 0),
  incentive_used INTEGER CHECK (incentive_used IS NULL OR incentive_used IN (0, 1)),
  ended_on TEXT,
  job_id TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (id_hash, year, scope)
) WITHOUT ROWID;
CREATE INDEX office_records_by_scope ON office_records (scope, id_hash);

CREATE TABLE import_jobs (
  id TEXT PRIMARY KEY,
  scope TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users (id),
  file_name TEXT,
  file_sha256 TEXT NOT NULL,
  file_bytes INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'processing', 'done', 'failed')),
  total_rows INTEGER NOT NULL,
  processed_rows INTEGER NOT NULL DEFAULT 0,
  inserted_rows INTEGER,
  updated_rows INTEGER,
  unchanged_rows INTEGER,
  message TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX import_jobs_by_scope ON import_jobs (scope, created_at);
-- One running import per office scope: two files applied at once could interleave their record versions.
CREATE UNIQUE INDEX import_jobs_one_running ON import_jobs (scope) WHERE status IN ('queued', 'processing');

-- A validated file waiting to be processed, in encrypted chunks (it holds ID numbers); deleted as staged.
CREATE TABLE import_chunks (
  job_id TEXT NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  row_count INTEGER NOT NULL,
  payload_enc TEXT NOT NULL,
  PRIMARY KEY (job_id, seq)
) WITHOUT ROWID;

-- Rows hashed and ready, invisible to readers until the job's single atomic apply.
CREATE TABLE import_staging (
  job_id TEXT NOT NULL,
  line INTEGER NOT NULL,
  id_hash TEXT NOT NULL,
  id_masked TEXT NOT NULL,
  year INTEGER NOT NULL,
  scheme TEXT NOT NULL,
  paid_on TEXT,
  fund_paid_fen INTEGER,
  incentive_used INTEGER,
  ended_on TEXT,
  PRIMARY KEY (job_id, line)
) WITHOUT ROWID;
