-- Consumers claim a whole batch of deliveries in a few set-based statements: the claim token names the rows one
-- claim took, so its allowance and ownership checks read exactly those.
ALTER TABLE reminder_deliveries ADD COLUMN claim_token TEXT;
CREATE INDEX reminder_deliveries_by_claim ON reminder_deliveries (claim_token) WHERE claim_token IS NOT NULL;
