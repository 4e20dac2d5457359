-- Bookkeeping table: lets the health check prove the schema is in place, not just that SQLite answers.
CREATE TABLE schema_info (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO schema_info (key, value) VALUES ('created_by', '0001_init');
