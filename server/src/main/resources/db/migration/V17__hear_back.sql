-- Issue 24, point 3: the referrer hears back. Every change of a referral's Task is told to the
-- referrer through this outbox, written in the same transaction as the change, so it is never
-- lost, and once per change: the unique key below lets a change be queued only once, and its
-- row id is the X-Request-ID of a BaRS status message (a receiver that has it answers 409) and
-- the reference of a GOV.UK Notify text or email. Portable SQL: H2 and PostgreSQL.

-- How a person who referred themselves, or whose family referred them, through the public pages
-- may be told how their referral went: only the channels they marked safe (a text: the phone
-- number when texts are safe; an email: the address when email is safe), and only when they
-- said a message may be left. A referral without a row here is never told this way.
CREATE TABLE referral_contact (
  referral  VARCHAR(36)  PRIMARY KEY REFERENCES referral (id),
  reference VARCHAR(40)  NOT NULL,  -- the reference the person was given on the pages
  sms       VARCHAR(40),            -- phone number for texts; none: texts are not safe
  email     VARCHAR(320)            -- email address; none: email is not safe
);

CREATE TABLE hear_back (
  id           VARCHAR(36)   PRIMARY KEY,  -- X-Request-ID, or the Notify reference
  task         VARCHAR(36)   NOT NULL REFERENCES task (id),
  change_key   VARCHAR(40)   NOT NULL,     -- which change: v{version} of the Task, or escalated
  channel      VARCHAR(10)   NOT NULL,     -- bars | sms | email
  address      VARCHAR(1000) NOT NULL,     -- FHIR base, phone number or email address
  payload      VARCHAR(1000000) NOT NULL,  -- bars: the Task as told (JSON); else the words sent
  state        VARCHAR(10)   NOT NULL,     -- pending | sent | failed
  attempts     INTEGER       NOT NULL,
  queued       TIMESTAMP WITH TIME ZONE NOT NULL,
  next_attempt TIMESTAMP WITH TIME ZONE NOT NULL,
  last_error   VARCHAR(2000)
);
CREATE UNIQUE INDEX hear_back_once ON hear_back (task, change_key, channel);
CREATE INDEX hear_back_due ON hear_back (state, next_attempt);
