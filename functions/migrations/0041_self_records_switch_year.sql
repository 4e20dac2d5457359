-- Issue 14: a self-declared year may hold two entries (SPEC §5, docs/policy.md#s5): employee cover that ended
-- mid-year and a resident enrollment paid after it. The key becomes (user_id, year, scheme), so a year holds at
-- most one entry of each scheme; whether the two fit together (the end before the payment) is the rules
-- engine's check, made by PUT /api/me/history. `programme_years` is a Sichuan student's whole-programme
-- payment (000 (一)): a resident entry covering `year` and the years after it (NULL = one year). SQLite cannot
-- change a primary key in place, so the table is rebuilt with every existing row.

CREATE TABLE self_records_next (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  scheme TEXT NOT NULL CHECK (scheme IN ('resident', 'employee')),
  paid_on TEXT,
  fund_paid_fen INTEGER CHECK (fund_paid_fen IS NULL OR fund_paid_fen >= 0),
  incentive_used INTEGER CHECK (incentive_used IS NULL OR incentive_used IN (0, 1)),
  ended_on TEXT,
  programme_years INTEGER CHECK (programme_years IS NULL OR (programme_years >= 1 AND scheme = 'resident')),
  PRIMARY KEY (user_id, year, scheme)
) WITHOUT ROWID;
INSERT INTO self_records_next (user_id, year, scheme, paid_on, fund_paid_fen, incentive_used, ended_on)
  SELECT user_id, year, scheme, paid_on, fund_paid_fen, incentive_used, ended_on FROM self_records;
DROP TABLE self_records;
ALTER TABLE self_records_next RENAME TO self_records;
