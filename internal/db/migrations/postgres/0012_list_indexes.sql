-- The estimate of a case's decision (function 6) reads the processing times
-- of the latest 200 decided cases of its service at its authority. Through
-- cases_service_decided it walked the service's decided cases of every
-- authority, newest first, to pick out the authority's: at a million cases
-- the first case view of a rare service at a small authority took seconds
-- (luva bench, status scenario). This index holds the rows in the order the
-- query wants, with the times themselves, so the table is not read.
CREATE INDEX cases_estimate ON cases (service_id, authority_org, decided_at, processing_days);

-- A handler's own cases in one state ("my cases in processing") read
-- cases_authority_handler and tested the state of each of the handler's
-- cases: at a million cases, with a tenth of Helsinki's cases on one
-- handler, 1.7 s with a cold cache under load (luva bench, overview).
CREATE INDEX cases_authority_handler_state ON cases (authority_org, handler_id, state, submitted_at, id);
