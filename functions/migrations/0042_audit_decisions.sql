-- Issue 18 review: an office's decision on a guardian review (confirm or refuse) is audited like its reads: who,
-- when, the office's area, the child (masked), and which review with which decision. Reads leave both NULL.
ALTER TABLE office_audit ADD COLUMN subject TEXT;
ALTER TABLE office_audit ADD COLUMN decision TEXT CHECK (decision IS NULL OR decision IN ('confirm', 'refuse'));
