-- Shared-care OST at the pharmacy: prescriptions registered by pharmacies, what happened at the
-- counter, and the notifications raised to prescribers and keyworkers.
-- Portable SQL: the same script runs on H2 and PostgreSQL.

CREATE TABLE ost_prescription (
  id            VARCHAR(36)  PRIMARY KEY,     -- MedicationRequest/{id}
  pharmacy      VARCHAR(100) NOT NULL,        -- the registering pharmacy: only it may use it
  prescription  VARCHAR(64)  NOT NULL,        -- the PMR system's id (MedicationRequest.identifier)
  patient       VARCHAR(10)  NOT NULL,        -- NHS number
  valid_from    DATE         NOT NULL,
  valid_to      DATE         NOT NULL,
  created       TIMESTAMP WITH TIME ZONE NOT NULL,
  resource      VARCHAR(1000000) NOT NULL     -- the MedicationRequest as first answered
);
-- One prescription per id per pharmacy: registering it again returns the first.
CREATE UNIQUE INDEX ost_prescription_identifier ON ost_prescription (pharmacy, prescription);
CREATE INDEX ost_prescription_patient ON ost_prescription (patient);

-- A supply, a day not collected or a dose withheld. The rules read a patient's whole history,
-- across prescriptions and pharmacies, so missed days at the end of one form count on the next.
CREATE TABLE ost_event (
  id            VARCHAR(36)  PRIMARY KEY,     -- the idempotency key (MedicationDispense/{id})
  prescription  VARCHAR(36)  NOT NULL REFERENCES ost_prescription (id),
  patient       VARCHAR(10)  NOT NULL,        -- NHS number
  pharmacy      VARCHAR(100) NOT NULL,        -- the recording pharmacy's ODS code
  kind          VARCHAR(20)  NOT NULL,        -- dispensed | not-collected | withheld
  event_date    DATE         NOT NULL,        -- the day it happened
  first_day     DATE         NOT NULL,        -- the days the supply covers (declined: the day)
  last_day      DATE         NOT NULL,
  supervised    BOOLEAN      NOT NULL,        -- dispensed: today's dose taken supervised
  quantity      DECIMAL(12, 3),               -- dispensed: milligrams supplied in all
  recorded      TIMESTAMP WITH TIME ZONE NOT NULL,
  resource      VARCHAR(1000000) NOT NULL     -- the MedicationDispense as first answered
);
CREATE INDEX ost_event_patient ON ost_event (patient, event_date);
CREATE INDEX ost_event_prescription ON ost_event (prescription);

-- Notifications raised, each once per patient: the rules name the occasion by its key, and a
-- second decision on the same occasion finds it here and raises nothing new.
CREATE TABLE ost_notification (
  id               VARCHAR(36)  PRIMARY KEY,  -- Communication/{id}
  patient          VARCHAR(10)  NOT NULL,     -- NHS number
  notification_key VARCHAR(200) NOT NULL,     -- e.g. missed-doses/2026-03-02
  prescription     VARCHAR(36)  NOT NULL REFERENCES ost_prescription (id),
  pharmacy         VARCHAR(100) NOT NULL,     -- the pharmacy that raised it
  reason           VARCHAR(30)  NOT NULL,     -- ost-withhold-reason code
  raised           DATE         NOT NULL,     -- the day it became owed
  recorded         TIMESTAMP WITH TIME ZONE NOT NULL,
  communication    VARCHAR(1000000) NOT NULL, -- the Communication as answered
  flag_id          VARCHAR(36),               -- Flag/{id}: doses withheld pending review
  flag             VARCHAR(1000000)           -- the Flag as answered, when one was raised
);
CREATE UNIQUE INDEX ost_notification_key ON ost_notification (patient, notification_key);
CREATE INDEX ost_notification_prescription ON ost_notification (prescription);
