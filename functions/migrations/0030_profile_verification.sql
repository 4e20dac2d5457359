-- Real-name verification (issue 13). A profile is self-declared until WeChat's face check (人脸核身) confirms
-- that the person holding the account is the person the name and ID number belong to. Only then may anything
-- keyed by the ID number (office records, family payments made for the person, bindings) attach to it.
-- NULL = unverified; otherwise the instant (ISO 8601 UTC) the face check returned verify_ret 10000.
ALTER TABLE profiles ADD COLUMN verified_at TEXT;
