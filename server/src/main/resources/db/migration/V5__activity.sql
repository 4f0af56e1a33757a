-- What the commissioners' activity reports count (GET Measure/{id}/$evaluate-measure) that the
-- earlier tables do not hold. Reports read aggregates only: nothing here names a person.
-- Portable SQL: the same script runs on H2 and PostgreSQL.

-- One row per completed screening response scored by $assess. No patient column: a report
-- counts screenings, it never needs to know whose they were.
CREATE TABLE screening (
  id            VARCHAR(64)  PRIMARY KEY,  -- SHA-256 of the organisation and the response's
                                           --   identifier or id (assessing it again counts once);
                                           --   a random UUID when the response has neither
  organisation  VARCHAR(100) NOT NULL,     -- the caller's organisation (ODS code)
  instrument    VARCHAR(20)  NOT NULL,     -- audit, audit-c, fast, phq-9, phq-2, gad-7, ...
  band          VARCHAR(30)  NOT NULL,     -- risk-band code
  total         SMALLINT     NOT NULL,
  assessed      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX screening_assessed ON screening (assessed);

-- How a referral came and where it went first, for the referral report.
ALTER TABLE referral ADD COLUMN source VARCHAR(20);          -- the caller's role: gp | pharmacy
ALTER TABLE referral ADD COLUMN destination VARCHAR(100);    -- the first receiving service
ALTER TABLE referral ADD COLUMN after_screening BOOLEAN;     -- it carried a screening score
CREATE INDEX referral_created ON referral (created);

-- The substances a referral names and the flags its assessment raised: any number of each.
CREATE TABLE referral_code (
  referral VARCHAR(36) NOT NULL REFERENCES referral (id),
  kind     VARCHAR(10) NOT NULL,   -- substance | flag
  code     VARCHAR(60) NOT NULL,   -- substance or flag code
  PRIMARY KEY (referral, kind, code)
);

-- When the receiving service accepted: the time from referral to acceptance is reported.
ALTER TABLE task ADD COLUMN accepted TIMESTAMP WITH TIME ZONE;

CREATE INDEX ost_event_date ON ost_event (event_date);
CREATE INDEX ost_notification_raised ON ost_notification (raised);
CREATE INDEX nsp_transaction_day ON nsp_transaction (occurred_day);
CREATE INDEX naloxone_supply_day ON naloxone_supply (supplied_day);
CREATE INDEX brief_intervention_performed ON brief_intervention (performed);
