-- Needle exchange and naloxone clients are stored as pseudonyms, not client codes (issue 17,
-- point 7). A client code is the initials, date of birth and sex a pharmacy records at the
-- counter (JS-19900314-M): with a date of birth in it, the database held personal data that a
-- count of distinct clients does not need. The server now stores HMAC-SHA-256 of the code under
-- a key of the deployment (64 hexadecimal digits), which counts one client as one as the code
-- did, and cannot be turned back into the code without the key. The key is never in the
-- database. Portable SQL: H2 and PostgreSQL.
--
-- Rows stored before this hold codes: the server converts them, with the answers stored
-- alongside, on its first start with a key (HarmReductionStore.adopt), as SQL cannot hash
-- with a key the database does not have.

ALTER TABLE nsp_transaction RENAME COLUMN client_code TO client_pseudonym;
ALTER TABLE nsp_transaction ALTER COLUMN client_pseudonym SET DATA TYPE VARCHAR(64);
ALTER TABLE naloxone_supply RENAME COLUMN client_code TO client_pseudonym;
ALTER TABLE naloxone_supply ALTER COLUMN client_pseudonym SET DATA TYPE VARCHAR(64);

-- Which key made the pseudonyms: HMAC-SHA-256 of a fixed label under it, which names the key
-- and gives nothing of it away. A server started with another key is refused: its pseudonyms
-- would not match these, and one client would count as two.
CREATE TABLE client_pseudonym_key (
  id          INTEGER     PRIMARY KEY CHECK (id = 1), -- one key per store
  fingerprint VARCHAR(64) NOT NULL
);
