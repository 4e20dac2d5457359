-- The regional figure registry (issue 16): figures a pooling region publishes per coverage year, each with
-- its source, published only after a second office user of the same area approves (maker–checker).
-- Replaces family_region_standards, whose rows move here (one home for every regional figure).

-- What is served: one figure per region, coverage year and kind. `status` 'demo' marks figures that exist only
-- for the local demonstration (never shown as published); every other row passed maker–checker.
CREATE TABLE region_figures (
  region TEXT NOT NULL,
  year INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('base-cap', 'step', 'contribution', 'ltc-contribution', 'periods', 'decisions')),
  value_json TEXT NOT NULL,
  doc_no TEXT NOT NULL,
  doc_title TEXT NOT NULL,
  issuer TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  link TEXT,
  status TEXT NOT NULL CHECK (status IN ('published', 'demo')),
  -- the approved proposal; NULL for seeded rows
  proposal_id TEXT,
  published_at TEXT NOT NULL,
  PRIMARY KEY (region, year, kind)
) WITHOUT ROWID;

-- Every proposal is kept, whatever became of it. `before_json` is the served value when it was proposed.
CREATE TABLE region_figure_proposals (
  id TEXT PRIMARY KEY,
  region TEXT NOT NULL,
  year INTEGER NOT NULL,
  kind TEXT NOT NULL,
  value_json TEXT NOT NULL,
  doc_no TEXT NOT NULL,
  doc_title TEXT NOT NULL,
  issuer TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  link TEXT,
  before_json TEXT,
  -- the year's enrollment period had started when this was proposed: a reason is required
  period_started INTEGER NOT NULL CHECK (period_started IN (0, 1)),
  reason TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'superseded')),
  proposed_by TEXT NOT NULL REFERENCES users (id),
  proposed_at TEXT NOT NULL,
  decided_by TEXT REFERENCES users (id),
  decided_at TEXT,
  decision_note TEXT,
  CHECK (period_started = 0 OR length(reason) > 0),
  -- the checker is never the maker
  CHECK (decided_by IS NULL OR decided_by <> proposed_by)
);
-- At most one proposal waits per figure: a newer one supersedes it.
CREATE UNIQUE INDEX region_figure_proposals_one_pending ON region_figure_proposals (region, year, kind) WHERE status = 'pending';
CREATE INDEX region_figure_proposals_by_region ON region_figure_proposals (region, year);

-- The audit trail: who did what, when, and the value before and after. Append only.
CREATE TABLE region_figure_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  region TEXT NOT NULL,
  year INTEGER NOT NULL,
  kind TEXT NOT NULL,
  proposal_id TEXT,
  action TEXT NOT NULL CHECK (action IN ('proposed', 'approved', 'rejected', 'superseded', 'replaced')),
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  note TEXT
);
CREATE INDEX region_figure_events_by_region ON region_figure_events (region, year, seq);
CREATE TRIGGER region_figure_events_append_only_u BEFORE UPDATE ON region_figure_events BEGIN SELECT RAISE(ABORT, 'region_figure_events is append-only'); END;
CREATE TRIGGER region_figure_events_append_only_d BEFORE DELETE ON region_figure_events BEGIN SELECT RAISE(ABORT, 'region_figure_events is append-only'); END;

-- One number for the whole registry: every approval (and the seed) raises it. Isolates cache the figures
-- under it, and the mini-program's download carries it as its ETag.
CREATE TABLE region_registry_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO region_registry_version (id, version, updated_at) VALUES (1, 1, '2026-01-01T00:00:00.000Z');

-- family_region_standards → region_figures. Its free-text source becomes the title; a demo row stays demo.
INSERT INTO region_figures (region, year, kind, value_json, doc_no, doc_title, issuer, issued_on, link, status, proposal_id, published_at)
SELECT region, year, CASE item WHEN 'long-term-care' THEN 'ltc-contribution' ELSE 'contribution' END, CAST(amount_fen AS TEXT),
       CASE demo WHEN 1 THEN '演示数据' ELSE '未登记文号' END, CASE demo WHEN 1 THEN replace(source, '演示数据：', '') ELSE source END, CASE demo WHEN 1 THEN '本地演示' ELSE '未登记' END, '2026-01-01', NULL,
       CASE demo WHEN 1 THEN 'demo' ELSE 'published' END, NULL, '2026-01-01T00:00:00.000Z'
FROM family_region_standards WHERE true
ON CONFLICT (region, year, kind) DO NOTHING;
DROP TABLE family_region_standards;
