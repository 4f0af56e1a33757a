-- Needle and syringe programme transactions and take-home naloxone supplies (POST
-- $nsp-transaction, POST $naloxone-supply). Anonymous by design: no NHS number, no name, no
-- address; the client is known at most by a pseudonymous client code. One row per event id,
-- the caller's UUID, which makes recording idempotent. The columns are what a commissioner's
-- report counts; the JSON is the answer as first given. Portable SQL: H2 and PostgreSQL.

CREATE TABLE nsp_transaction (
  id                       VARCHAR(36)  PRIMARY KEY, -- the caller's UUID
  organisation             VARCHAR(100) NOT NULL,    -- the recording caller's organisation
  pharmacy                 VARCHAR(10)  NOT NULL,    -- ODS code
  occurred                 TIMESTAMP WITH TIME ZONE NOT NULL,
  occurred_day             DATE         NOT NULL,    -- the day on the pharmacy's clock
  client_code              VARCHAR(20)  NOT NULL,    -- e.g. JS-19900314-M
  nsp_level                VARCHAR(10)  NOT NULL,    -- level-1 | level-2 | level-3
  packs                    INTEGER      NOT NULL,    -- packs of any type given
  syringes_and_needles     INTEGER      NOT NULL,    -- loose syringes and needles given
  returned_sharps_bins     INTEGER      NOT NULL,
  returned_loose           BOOLEAN      NOT NULL,
  offer_bbv_testing        VARCHAR(20)  NOT NULL,    -- offer-outcome code; not-offered
  offer_hbv_vaccination    VARCHAR(20)  NOT NULL,
  offer_treatment_referral VARCHAR(20)  NOT NULL,
  offer_naloxone           VARCHAR(20)  NOT NULL,
  recorded                 TIMESTAMP WITH TIME ZONE NOT NULL,
  resource                 VARCHAR(1000000) NOT NULL -- the answer Parameters as JSON
);
CREATE INDEX nsp_transaction_pharmacy_day ON nsp_transaction (pharmacy, occurred_day);
CREATE INDEX nsp_transaction_client ON nsp_transaction (client_code);

-- What each transaction gave, by kind (nsp-item code) and size: items out are counted here.
CREATE TABLE nsp_item (
  nsp_transaction VARCHAR(36) NOT NULL REFERENCES nsp_transaction (id),
  line            INTEGER     NOT NULL,
  kind            VARCHAR(30) NOT NULL,
  item_size       VARCHAR(20),                       -- e.g. 1ml, 25G-16mm, 1L; NULL: no size
  quantity        INTEGER     NOT NULL,
  PRIMARY KEY (nsp_transaction, line)
);
CREATE INDEX nsp_item_kind ON nsp_item (kind);

CREATE TABLE naloxone_supply (
  id               VARCHAR(36)  PRIMARY KEY,         -- the caller's UUID
  organisation     VARCHAR(100) NOT NULL,
  pharmacy         VARCHAR(10)  NOT NULL,            -- ODS code
  supplied         TIMESTAMP WITH TIME ZONE NOT NULL,
  supplied_day     DATE         NOT NULL,            -- the day on the pharmacy's clock
  client_code      VARCHAR(20),                      -- NULL when none was given
  recipient        VARCHAR(30)  NOT NULL,            -- naloxone-recipient code
  product          VARCHAR(20)  NOT NULL,            -- naloxone-product code
  kits             INTEGER      NOT NULL,
  reason           VARCHAR(30)  NOT NULL,            -- naloxone-reason code
  naloxone_used    BOOLEAN      NOT NULL,            -- a naloxone-used event was recorded
  used_day         DATE,                             -- when the used kit was used, if known
  ambulance_called BOOLEAN,                          -- NULL: no use report
  overdose_outcome VARCHAR(20),                      -- overdose-outcome code; NULL: no report
  recorded         TIMESTAMP WITH TIME ZONE NOT NULL,
  resource         VARCHAR(1000000) NOT NULL         -- the answer Parameters as JSON
);
CREATE INDEX naloxone_supply_pharmacy_day ON naloxone_supply (pharmacy, supplied_day);
