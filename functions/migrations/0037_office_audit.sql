-- Every office read of a person (look-up, list, detail, a household page), issue 13: who read, when, whom (by
-- the ID hash, never the number) and through which route. Offices list their own area's entries. Rows are
-- immutable, like the ledger.
CREATE TABLE office_audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  office_user_id TEXT NOT NULL,
  office_scope TEXT NOT NULL,
  id_hash TEXT NOT NULL,
  -- the masked number as the office saw it (NULL when the look-up found nobody)
  id_masked TEXT,
  route TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX office_audit_by_scope ON office_audit (office_scope, seq);
CREATE TRIGGER office_audit_no_update BEFORE UPDATE ON office_audit BEGIN SELECT RAISE(ABORT, 'audit entries are immutable'); END;
CREATE TRIGGER office_audit_no_delete BEFORE DELETE ON office_audit BEGIN SELECT RAISE(ABORT, 'audit entries are immutable'); END;
