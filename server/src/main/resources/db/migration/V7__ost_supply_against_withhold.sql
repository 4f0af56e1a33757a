-- Issue 17: a supply recorded while doses are withheld pending the prescriber's review is kept
-- (it is what happened) and marked with the rule it went against, so the withhold still holds
-- and the OST activity report counts such supplies. NULL for every other event.
ALTER TABLE ost_event ADD COLUMN against_rule VARCHAR(64);
