-- The referral hub (API.md "Refer"): referrals, the provider's Task for each, and the outbox the
-- dispatcher delivers from. Written together in one transaction: a 201 means all are durable.
-- Portable SQL: the same script runs on H2 and PostgreSQL.

CREATE TABLE referral (
  id                VARCHAR(36)  PRIMARY KEY,
  requester         VARCHAR(100) NOT NULL,  -- the referring organisation's ODS code
  identifier_system VARCHAR(300),           -- the sender's identifier: one referral per
  identifier_value  VARCHAR(200),           --   identifier per organisation (idempotency)
  message_id        VARCHAR(200),           -- X-Request-ID of a $process-message intake
  patient           VARCHAR(10)  NOT NULL,  -- NHS number
  created           TIMESTAMP WITH TIME ZONE NOT NULL,
  resource          VARCHAR(1000000) NOT NULL -- the ServiceRequest as first answered
);
-- NULLs never collide: referrals without an identifier or message id are all allowed.
CREATE UNIQUE INDEX referral_identifier
  ON referral (requester, identifier_system, identifier_value);
CREATE UNIQUE INDEX referral_message ON referral (message_id);

-- One Task per receiving service; a re-route after a rejection adds the next one.
CREATE TABLE task (
  id              VARCHAR(36)  PRIMARY KEY,
  referral        VARCHAR(36)  NOT NULL REFERENCES referral (id),
  service         VARCHAR(100) NOT NULL,  -- the receiving HealthcareService id
  owner           VARCHAR(100) NOT NULL,  -- its organisation: ODS code, or directory id
  requester       VARCHAR(100) NOT NULL,  -- the referring organisation's ODS code
  status          VARCHAR(20)  NOT NULL,  -- FHIR Task.status
  business_status VARCHAR(20)  NOT NULL,  -- delivery: queued, retrying, delivered, failed, ...
  status_reason   VARCHAR(1000),
  note            VARCHAR(2000),          -- what the hub did, e.g. a re-route, a failure
  version         INTEGER      NOT NULL,  -- meta.versionId, for If-Match
  created         TIMESTAMP WITH TIME ZONE NOT NULL,
  updated         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX task_owner ON task (owner, status);
CREATE INDEX task_requester ON task (requester);
CREATE INDEX task_referral ON task (referral);

-- One row per delivery of a Task's referral to the service's endpoint. The id is the BaRS
-- X-Request-ID: every attempt of a delivery sends the same one, so a receiver that has it
-- already answers 409 and the delivery counts as done.
CREATE TABLE outbox (
  id           VARCHAR(36)   PRIMARY KEY,
  task         VARCHAR(36)   NOT NULL REFERENCES task (id),
  address      VARCHAR(1000) NOT NULL,    -- the service's FHIR base
  state        VARCHAR(10)   NOT NULL,    -- pending | delivered | failed | cancelled
  attempts     INTEGER       NOT NULL,
  queued       TIMESTAMP WITH TIME ZONE NOT NULL,
  next_attempt TIMESTAMP WITH TIME ZONE NOT NULL,
  last_error   VARCHAR(2000)
);
CREATE INDEX outbox_due ON outbox (state, next_attempt);
CREATE INDEX outbox_task ON outbox (task);
