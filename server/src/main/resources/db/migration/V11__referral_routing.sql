-- Issue 18: the facts a referral was routed by, kept with it. A re-route after a rejection
-- routes from them over the directory of the day, and never reads the ServiceRequest again
-- (a directory changed since the referral no longer breaks it). Only what routing uses: the
-- age, not the birth date; the postcode's outward code, not the address.
-- Referrals taken in before this have no row here: the hub derives theirs from the stored
-- ServiceRequest (as of the day it was taken in) the first time one is re-routed, and keeps it.
-- SQL cannot read the ServiceRequest's JSON portably, so this script does not.
-- Portable SQL: the same script runs on H2 and PostgreSQL.

CREATE TABLE referral_routing (
  referral      VARCHAR(36)   PRIMARY KEY REFERENCES referral (id),
  age           INTEGER       NOT NULL,  -- whole years on the day it was taken in
  referred      DATE          NOT NULL,  -- that day, in England
  outward_code  VARCHAR(8),              -- of the person's postcode, e.g. SS14; none given
  substances    VARCHAR(500)  NOT NULL,  -- substance codes, the main one first, comma-separated
  circumstances VARCHAR(500)  NOT NULL,  -- circumstance codes, comma-separated
  flags         VARCHAR(1000) NOT NULL,  -- flag codes the assessment raised, comma-separated
  source        VARCHAR(40)              -- referral source code, where the referral says
);
