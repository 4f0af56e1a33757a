-- A referral from the public pages may name the person's district instead of a postcode (few
-- refuse a postcode, some do not know one): kept with the routing facts so that a re-route
-- after a rejection places the person where the first route did. Its name as the directory
-- spells it (e.g. Basildon); none for a referral placed by its postcode. Portable SQL.
ALTER TABLE referral_routing ADD COLUMN district VARCHAR(60);
