-- The personal account moves outside Canbao too (the employer's monthly credit, pharmacy purchases), so the
-- balance is re-read from the platform from time to time. A difference becomes a `sync` ledger entry: the
-- balance stays the sum of the ledger. SQLite cannot change a CHECK in place, so the ledger is rebuilt with
-- the same rows, sequence numbers, indexes and immutability triggers.

CREATE TABLE family_ledger_next (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  payer_user_id TEXT NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL CHECK (kind IN ('opening', 'debit', 'reversal', 'sync')),
  payment_id TEXT,
  amount_fen INTEGER NOT NULL,
  balance_after_fen INTEGER NOT NULL CHECK (balance_after_fen >= 0),
  source TEXT NOT NULL,
  created_at TEXT NOT NULL,
  CHECK ((kind IN ('opening', 'sync')) = (payment_id IS NULL)),
  CHECK (kind <> 'sync' OR amount_fen <> 0)
);
INSERT INTO family_ledger_next (seq, payer_user_id, kind, payment_id, amount_fen, balance_after_fen, source, created_at)
  SELECT seq, payer_user_id, kind, payment_id, amount_fen, balance_after_fen, source, created_at FROM family_ledger;
DROP TRIGGER family_ledger_no_update;
DROP TRIGGER family_ledger_no_delete;
DROP TABLE family_ledger;
ALTER TABLE family_ledger_next RENAME TO family_ledger;

CREATE INDEX family_ledger_by_payer ON family_ledger (payer_user_id, seq);
CREATE UNIQUE INDEX family_ledger_once ON family_ledger (payment_id, kind) WHERE payment_id IS NOT NULL;
CREATE UNIQUE INDEX family_ledger_one_opening ON family_ledger (payer_user_id) WHERE kind = 'opening';
CREATE TRIGGER family_ledger_no_update BEFORE UPDATE ON family_ledger BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable'); END;
CREATE TRIGGER family_ledger_no_delete BEFORE DELETE ON family_ledger BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable'); END;
