-- The screening count's key as 16 bytes instead of 64 hexadecimal characters. Portable SQL: the
-- same script runs on H2 and PostgreSQL.
--
-- Why: $assess counts each new screening response, and its key is a digest, so each count
-- lands on a random page of the key's index. With 64-character keys that index outgrew H2's
-- cache after a few hundred thousand screenings, and every count read and rewrote pages of it.
-- A UUID column holds the same first 128 bits of the SHA-256 digest in a quarter of the room
-- (a collision needs about 2^64 screenings).
--
-- A key stored before keeps its meaning: its first 32 hexadecimal digits are the UUID the
-- server now makes for the same response, so a response counted before the upgrade is still
-- counted once. The keys of responses with neither identifier nor id were random UUIDs already.
CREATE TABLE screening_by_uuid (
  id            UUID         PRIMARY KEY,
  organisation  VARCHAR(100) NOT NULL,
  instrument    VARCHAR(20)  NOT NULL,
  band          VARCHAR(30)  NOT NULL,
  total         SMALLINT     NOT NULL,
  assessed      TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO screening_by_uuid (id, organisation, instrument, band, total, assessed)
  SELECT CAST(CASE WHEN LENGTH(id) = 64
      THEN SUBSTRING(id FROM 1 FOR 8) || '-' || SUBSTRING(id FROM 9 FOR 4) || '-'
        || SUBSTRING(id FROM 13 FOR 4) || '-' || SUBSTRING(id FROM 17 FOR 4) || '-'
        || SUBSTRING(id FROM 21 FOR 12)
      ELSE id END AS UUID),
    organisation, instrument, band, total, assessed
  FROM screening;
DROP TABLE screening;
ALTER TABLE screening_by_uuid RENAME TO screening;
CREATE INDEX screening_report ON screening (assessed, organisation, instrument, band);
