-- Guardian bindings of relatives under 16 (issue 13). Declaring guardianship is not proof of it: the binding stays
-- `invited` (it pays nothing and the payer sees nothing about the child) until the household relation is
-- confirmed, by the insurance platform's household register or by an office of the child's region from the
-- household register page (户口本) the payer uploads. One row per guardian binding, kept as the record of who
-- committed to what and who confirmed it.
CREATE TABLE family_guardian_reviews (
  binding_id TEXT PRIMARY KEY REFERENCES family_bindings (id),
  status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'refused')),
  -- the payer's commitment (承诺书) exactly as shown and accepted
  commitment_version TEXT NOT NULL,
  commitment_text TEXT NOT NULL,
  committed_at TEXT NOT NULL,
  -- the child's region, copied so an office's review queue is one indexed read
  child_province TEXT NOT NULL,
  child_region TEXT,
  confirmed_by TEXT CHECK (confirmed_by IN ('platform', 'office')),
  -- the uploaded page: AES-GCM sealed bytes (12-byte IV + ciphertext), never stored in clear
  proof_enc BLOB,
  proof_type TEXT CHECK (proof_type IS NULL OR proof_type IN ('image/jpeg', 'image/png')),
  proof_bytes INTEGER,
  proof_uploaded_at TEXT,
  reviewer_user_id TEXT REFERENCES users (id),
  reviewed_at TEXT,
  refusal_reason TEXT,
  created_at TEXT NOT NULL,
  CHECK (status <> 'refused' OR refusal_reason IS NOT NULL)
);
CREATE INDEX family_guardian_reviews_queue ON family_guardian_reviews (child_province, child_region, status, created_at);
