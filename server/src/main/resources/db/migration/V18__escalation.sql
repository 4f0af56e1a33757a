-- Issue 24, point 4: nothing waits unseen. A Task neither accepted nor declined within its
-- service's number of working days is escalated once: this is when. NULL: not escalated.
-- Portable SQL: H2 and PostgreSQL.
ALTER TABLE task ADD COLUMN escalated TIMESTAMP WITH TIME ZONE;
-- The escalation job reads the open Tasks not escalated yet, oldest first.
CREATE INDEX task_waiting ON task (status, escalated, created);
-- The referral report counts the referrals escalated beside the days to acceptance: V6's index
-- of what that report reads of a referral's Tasks gains the column, so it is still counted from
-- the index alone.
DROP INDEX task_report;
CREATE INDEX task_report ON task (referral, status, business_status, accepted, escalated);
