-- Demo data for `npm start`. Safe to run any number of times: every row is an upsert.
INSERT INTO schema_info (key, value) VALUES ('demo_seed', '1')
  ON CONFLICT (key) DO UPDATE SET value = excluded.value;
