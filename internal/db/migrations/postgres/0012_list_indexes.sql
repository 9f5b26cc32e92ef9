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

-- The task list in its default order (due first, the undated last) sorted
-- all of an organisation's open tasks for every page: thousands at a
-- million cases (luva bench, queue). This index holds them in that order.
CREATE INDEX process_tasks_due ON process_tasks (organisation_id, state, (CASE WHEN due_at IS NULL THEN 1 ELSE 0 END), due_at, created_at, id);

-- A case's open tasks in an organisation, for the task list filtered by a
-- whole case number: the plan starts from the case and reads its tasks
-- here rather than testing each of the organisation's open tasks.
CREATE INDEX process_tasks_case_state ON process_tasks (case_id, organisation_id, state);
