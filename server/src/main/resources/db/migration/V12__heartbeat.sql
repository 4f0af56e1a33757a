-- Readiness writes here once a second (one row a server process, kept up to date, removed when it
-- stops): a database that answers but cannot be written - a full disk - is not ready either.
CREATE TABLE heartbeat (
  process VARCHAR(36) PRIMARY KEY,
  beat    TIMESTAMP WITH TIME ZONE NOT NULL
);
