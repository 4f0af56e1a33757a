-- A referral made through the public pages (by the person, family or friends, or an agency) may
-- come without an NHS number: few people know theirs. GP and pharmacy referrals still carry one
-- (the intake rules say so, not the table). Portable SQL: the same script runs on H2 and
-- PostgreSQL.
ALTER TABLE referral ALTER COLUMN patient DROP NOT NULL;

-- A referral from the public pages is counted by its referral-source code, the longest of
-- which (community-wellbeing-officer) is 27 characters.
ALTER TABLE referral ALTER COLUMN source SET DATA TYPE VARCHAR(40);
