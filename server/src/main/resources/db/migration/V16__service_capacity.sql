-- Each service's current capacity, as its own staff set it (the provider inbox): accepting, a
-- waiting list of 1-52 weeks, or paused. One row a service, replaced on each change, with who
-- set it (the token's subject and organisation) and when; a service with no row is accepting.
-- The change itself is in audit_event. version counts the changes. Portable SQL.
CREATE TABLE service_capacity (
  service    VARCHAR(200) PRIMARY KEY,
  status     VARCHAR(20)  NOT NULL,
  weeks      INTEGER,
  set_by     VARCHAR(200) NOT NULL,
  set_by_org VARCHAR(100) NOT NULL,
  set_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  version    INTEGER      NOT NULL,
  CONSTRAINT service_capacity_status CHECK (status IN ('accepting', 'waiting-list', 'paused')),
  CONSTRAINT service_capacity_weeks CHECK (
    (status = 'waiting-list' AND weeks BETWEEN 1 AND 52)
    OR (status <> 'waiting-list' AND weeks IS NULL))
);
