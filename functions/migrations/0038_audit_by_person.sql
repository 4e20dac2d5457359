-- A person's export (GET /api/me/export) lists which office areas looked them up: one indexed read per export
-- instead of a scan of the whole audit log.
CREATE INDEX office_audit_by_person ON office_audit (id_hash, seq);
