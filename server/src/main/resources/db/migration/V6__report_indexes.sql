-- What a year's activity report needs to answer in time (ActivityQueries). Portable SQL: the
-- same script runs on H2 and PostgreSQL.
--
-- Why: with V5's indexes on the time columns alone, a report found the period's rows through
-- the index and then read every one of them whole, JSON and all (0.6 to 13 KB a row), to count
-- a few short columns; and it found each NSP transaction's items by a look-up per transaction.
-- Over a year of a county's activity (a million events: benchmarks/README.md, "A year's
-- activity report over a million events") the harm reduction report took 13 s on the embedded
-- H2 store and the referral report 3.7 s, against a target of 2 s.
--
-- Each index below holds every column its report's queries read from the table, so the counts
-- are made from the index alone: H2 takes a column's value from the index entry when the entry
-- has it, PostgreSQL makes an index-only scan. The indexes start with the column the period is
-- on (a shorter period reads a shorter range) and replace V5's indexes on that column alone,
-- which only the reports used.

DROP INDEX screening_assessed;
CREATE INDEX screening_report ON screening (assessed, organisation, instrument, band);

DROP INDEX brief_intervention_performed;
CREATE INDEX brief_intervention_report
  ON brief_intervention (performed, organisation, code, status);

-- The id: the referral report joins the codes (by their primary key) and the Tasks on it.
DROP INDEX referral_created;
CREATE INDEX referral_report
  ON referral (created, requester, source, destination, after_screening, id);

-- What the referral report reads of a referral's Tasks, found by the referral.
CREATE INDEX task_report ON task (referral, status, business_status, accepted);

DROP INDEX nsp_transaction_day;
CREATE INDEX nsp_transaction_report ON nsp_transaction (occurred_day, pharmacy, nsp_level,
  returned_sharps_bins, returned_loose, offer_bbv_testing, offer_hbv_vaccination,
  offer_treatment_referral, offer_naloxone, client_code);
-- The same with the pharmacy first, in place of V4's (pharmacy, occurred_day), which sent H2
-- to every row of a pharmacy's or district's period: the organisation and district filters.
DROP INDEX nsp_transaction_pharmacy_day;
CREATE INDEX nsp_transaction_pharmacy_report ON nsp_transaction (pharmacy, occurred_day,
  nsp_level, returned_sharps_bins, returned_loose, offer_bbv_testing, offer_hbv_vaccination,
  offer_treatment_referral, offer_naloxone, client_code);

-- An item carries its transaction's day and pharmacy, as HarmReductionStore now writes them:
-- items out are counted without a join. H2 joins by a look-up in the items' index for every
-- transaction of the period, 2.5 s for a year's 200,000; the items' own index reads in a tenth
-- of that. A transaction's day and pharmacy never change once it is stored.
ALTER TABLE nsp_item ADD COLUMN occurred_day DATE;
ALTER TABLE nsp_item ADD COLUMN pharmacy VARCHAR(10);
UPDATE nsp_item SET
  occurred_day = (SELECT t.occurred_day FROM nsp_transaction t
    WHERE t.id = nsp_item.nsp_transaction),
  pharmacy = (SELECT t.pharmacy FROM nsp_transaction t WHERE t.id = nsp_item.nsp_transaction);
ALTER TABLE nsp_item ALTER COLUMN occurred_day SET NOT NULL;
ALTER TABLE nsp_item ALTER COLUMN pharmacy SET NOT NULL;
CREATE INDEX nsp_item_report ON nsp_item (occurred_day, pharmacy, kind, quantity);

DROP INDEX naloxone_supply_day;
CREATE INDEX naloxone_supply_report
  ON naloxone_supply (supplied_day, pharmacy, recipient, naloxone_used, kits);

DROP INDEX ost_event_date;
CREATE INDEX ost_event_report ON ost_event (event_date, pharmacy, kind, supervised);

DROP INDEX ost_notification_raised;
CREATE INDEX ost_notification_report ON ost_notification (raised, pharmacy, reason);
