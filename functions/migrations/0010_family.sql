-- Family mutual aid (家庭共济, SPEC §6): close relatives bound with consent, the payer's personal-account
-- ledger, and payments from it. Money is integer fen; instants ISO 8601 UTC; dates YYYY-MM-DD (CST).

-- A payer's binding of one relative. The relative's ID number is stored like a profile's: encrypted, with a
-- keyed hash to match the relative's own account and records. Rows are never deleted: unbinding sets
-- `status` and keeps the history of who consented when.
CREATE TABLE family_bindings (
  id TEXT PRIMARY KEY,
  payer_user_id TEXT NOT NULL REFERENCES users (id),
  relationship TEXT NOT NULL CHECK (relationship IN ('spouse', 'parent', 'child', 'sibling', 'grandparent',
    'maternal-grandparent', 'grandchild', 'maternal-grandchild')),
  relative_name TEXT NOT NULL,
  relative_id_enc TEXT NOT NULL,
  relative_id_hash TEXT NOT NULL,
  relative_id_masked TEXT NOT NULL,
  relative_birth_date TEXT NOT NULL,
  relative_province TEXT NOT NULL,
  relative_region TEXT,
  -- set when a relative aged 16 or over accepts with their own sign-in
  relative_user_id TEXT REFERENCES users (id),
  status TEXT NOT NULL CHECK (status IN ('invited', 'active', 'unbound')),
  consent_kind TEXT CHECK (consent_kind IN ('relative', 'guardian')),
  consented_at TEXT,
  -- SHA-256 of the invitation code: the code itself is shown once to the payer and never stored
  invite_code_hash TEXT UNIQUE,
  invite_expires_at TEXT,
  invited_at TEXT NOT NULL,
  unbound_at TEXT,
  unbound_by TEXT CHECK (unbound_by IN ('payer', 'relative')),
  CHECK (status <> 'active' OR (consent_kind IS NOT NULL AND consented_at IS NOT NULL))
);
-- A relative is bound (or invited) at most once per payer at a time; unbound rows stay as history.
CREATE UNIQUE INDEX family_bindings_open ON family_bindings (payer_user_id, relative_id_hash) WHERE status IN ('invited', 'active');
CREATE INDEX family_bindings_by_relative ON family_bindings (relative_id_hash, status);
CREATE INDEX family_bindings_by_relative_user ON family_bindings (relative_user_id);

-- The payer's personal account as Canbao knows it. `balance_fen` is the running sum of the ledger, kept in
-- the same transaction as every ledger entry; the CHECK is what makes a concurrent overdraft impossible:
-- a debit that would take it below zero fails and rolls back its whole batch.
CREATE TABLE family_accounts (
  payer_user_id TEXT PRIMARY KEY REFERENCES users (id),
  account_no TEXT NOT NULL,
  balance_fen INTEGER NOT NULL CONSTRAINT balance_never_negative CHECK (balance_fen >= 0),
  synced_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Every movement of the account, immutable (the triggers below refuse UPDATE and DELETE).
CREATE TABLE family_ledger (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  payer_user_id TEXT NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL CHECK (kind IN ('opening', 'debit', 'reversal')),
  payment_id TEXT,
  amount_fen INTEGER NOT NULL,
  balance_after_fen INTEGER NOT NULL CHECK (balance_after_fen >= 0),
  source TEXT NOT NULL,
  created_at TEXT NOT NULL,
  CHECK ((kind = 'opening') = (payment_id IS NULL))
);
CREATE INDEX family_ledger_by_payer ON family_ledger (payer_user_id, seq);
-- One debit and at most one reversal per payment, one opening per account, whatever the timing.
CREATE UNIQUE INDEX family_ledger_once ON family_ledger (payment_id, kind) WHERE payment_id IS NOT NULL;
CREATE UNIQUE INDEX family_ledger_one_opening ON family_ledger (payer_user_id) WHERE kind = 'opening';
CREATE TRIGGER family_ledger_no_update BEFORE UPDATE ON family_ledger BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable'); END;
CREATE TRIGGER family_ledger_no_delete BEFORE DELETE ON family_ledger BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable'); END;

CREATE TABLE family_payments (
  id TEXT PRIMARY KEY,
  payer_user_id TEXT NOT NULL REFERENCES users (id),
  idempotency_key TEXT NOT NULL,
  -- what the key was first used for: the same key with another body is refused, not replayed
  request_hash TEXT NOT NULL,
  binding_id TEXT NOT NULL REFERENCES family_bindings (id),
  payee_id_hash TEXT NOT NULL,
  year INTEGER NOT NULL,
  item TEXT NOT NULL CHECK (item IN ('resident-contribution', 'long-term-care')),
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  amount_source TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  failure_reason TEXT,
  transfer_no TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  completed_at TEXT,
  -- reconciliation bookkeeping for outcomes the platform did not confirm
  check_attempts INTEGER NOT NULL DEFAULT 0,
  next_check_at TEXT,
  UNIQUE (payer_user_id, idempotency_key)
);
-- A relative's year and item is paid at most once, by whoever pays: a second payment cannot even start.
CREATE UNIQUE INDEX family_payments_once_per_year ON family_payments (payee_id_hash, year, item) WHERE status IN ('pending', 'succeeded');
CREATE INDEX family_payments_pending ON family_payments (next_check_at) WHERE status = 'pending';
CREATE INDEX family_payments_by_binding ON family_payments (binding_id, year);

-- A pooling region's contribution standards for family payments, per coverage year and item: region data
-- (an office or a deployment loads the published figure with its source), read over the policy tables.
-- `demo` marks figures that exist only for the local demonstration and must never be shown as official.
CREATE TABLE family_region_standards (
  region TEXT NOT NULL,
  year INTEGER NOT NULL,
  item TEXT NOT NULL CHECK (item IN ('resident-contribution', 'long-term-care')),
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  source TEXT NOT NULL,
  verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
  PRIMARY KEY (region, year, item)
) WITHOUT ROWID;
