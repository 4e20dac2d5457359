-- Office writes stay in the office's area (issue 13). A row for a person held by another pooling region fails
-- the whole file; a row for a person-year another office already recorded is 重复参保: refused, not written,
-- and remembered here so that both offices see how many such conflicts exist.
ALTER TABLE import_jobs ADD COLUMN conflict_rows INTEGER;
-- how often the cron re-enqueued a stalled job: once is a resume, a second stall fails it
ALTER TABLE import_jobs ADD COLUMN resumes INTEGER NOT NULL DEFAULT 0;

CREATE TABLE import_conflicts (
  job_id TEXT NOT NULL,
  line INTEGER NOT NULL,
  id_hash TEXT NOT NULL,
  year INTEGER NOT NULL,
  importing_scope TEXT NOT NULL,
  holding_scope TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (job_id, line, holding_scope)
) WITHOUT ROWID;
CREATE INDEX import_conflicts_by_importer ON import_conflicts (importing_scope);
CREATE INDEX import_conflicts_by_holder ON import_conflicts (holding_scope);
CREATE INDEX import_jobs_open ON import_jobs (status, updated_at) WHERE status IN ('queued', 'processing');
