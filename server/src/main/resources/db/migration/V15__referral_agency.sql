-- An agency's referral through the public pages keeps the agency's kind (police, probation,
-- fire-service, housing, social-care, peer-outreach, other-agency): its referral-source code
-- alone does not tell police from probation, nor housing from outreach, and the commissioner's
-- referral report counts them apart. None for any other referral. Portable SQL.
ALTER TABLE referral ADD COLUMN agency VARCHAR(40);
