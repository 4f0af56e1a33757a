-- Issue 17: the worklist paged in the database, the identifier search for every reader of a
-- referral, and a BaRS message taken in once also when two processes receive it at once.
-- Portable SQL: the same script runs on H2 and PostgreSQL.

-- The worklist (Task?owner=&status=) pages oldest first by (created, id): these indexes give
-- each page, and the count of all, from a range of one index.
DROP INDEX task_owner;
CREATE INDEX task_worklist ON task (owner, status, created, id);
DROP INDEX task_requester;
CREATE INDEX task_requester ON task (requester, status, created, id);

-- ServiceRequest?identifier= looks a referral up by its sender's identifier whoever asks (the
-- referrer, or an organisation it was sent to); referral_identifier starts with the requester.
CREATE INDEX referral_sender_identifier ON referral (identifier_value, identifier_system);

-- Each X-Request-ID taken in, claimed by the first statement of the referral's transaction.
-- Why: with the message id a column of the referral, a second process receiving the same
-- message looked it up (not there yet), then found the first one's referral committed by its
-- identifier and answered 200 instead of 409. Claimed first, the second insert waits for the
-- first transaction and then meets this key: 409 whatever else is stored.
CREATE TABLE received_message (
  id       VARCHAR(200) PRIMARY KEY,          -- the X-Request-ID
  referral VARCHAR(36)  NOT NULL,             -- the referral it became or named (no foreign
  received TIMESTAMP WITH TIME ZONE NOT NULL  --   key: claimed before that row is written)
);
INSERT INTO received_message (id, referral, received)
  SELECT message_id, id, created FROM referral WHERE message_id IS NOT NULL;
DROP INDEX referral_message;
ALTER TABLE referral DROP COLUMN message_id;
