-- Issue 24, point 4: nothing waits unseen. A Task neither accepted nor declined within its
-- service's number of working days is escalated once: this is when. NULL: not escalated.
-- Portable SQL: H2 and PostgreSQL.
ALTER TABLE task ADD COLUMN escalated TIMESTAMP WITH TIME ZONE;
-- The escalation job reads the open Tasks not escalated yet, oldest first.
CREATE INDEX task_waiting ON task (status, escalated, created);
