-- Time rules: durable jobs and timers, business calendars, SLA policies and
-- each ticket's SLA clock, snooze, and the instants the rule engine compares.

-- The instants that conditions such as hours_since_assigned read, kept on the
-- ticket so evaluating a rule needs no scan of its replies.
ALTER TABLE tickets ADD COLUMN snoozed_until BIGINT;
ALTER TABLE tickets ADD COLUMN assigned_at BIGINT;
ALTER TABLE tickets ADD COLUMN last_customer_reply_at BIGINT;
ALTER TABLE tickets ADD COLUMN last_agent_reply_at BIGINT;
CREATE INDEX tickets_snoozed ON tickets (snoozed_until) WHERE snoozed_until IS NOT NULL;

-- Durable jobs. A timer is a job with a future run_at; job_key names what it
-- is for ("sla:42", "snooze:42") so scheduling again moves the one row
-- instead of adding another. Workers find due work through jobs_due alone,
-- so the cost of a pass does not grow with the number of waiting timers.
-- version grows on every reschedule: a worker deletes the row after running
-- it only if nobody rescheduled it meanwhile. locked_until is the lease a
-- worker holds while it runs the job; a crashed worker's lease runs out and
-- another worker runs the job again (every job is idempotent).
CREATE TABLE jobs (
  id {{ID}},
  job_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  ticket_id BIGINT,
  payload TEXT NOT NULL DEFAULT '{}',
  run_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  attempts INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT,
  last_error TEXT,
  dead INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX jobs_key ON jobs (job_key);
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE dead = 0;

-- Business calendars: the schedule and holidays as the API spells them.
CREATE TABLE business_schedules (
  id {{ID}},
  name TEXT NOT NULL,
  timezone TEXT NOT NULL,
  schedule TEXT NOT NULL,
  holidays TEXT NOT NULL DEFAULT '[]',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX business_schedules_name ON business_schedules (name);

CREATE TABLE sla_policies (
  id {{ID}},
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  first_response_minutes TEXT NOT NULL DEFAULT '{}',
  resolution_minutes TEXT NOT NULL DEFAULT '{}',
  business_hours_id BIGINT REFERENCES business_schedules (id),
  is_default INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  position INTEGER NOT NULL DEFAULT 0,
  match_rules TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX sla_policies_name ON sla_policies (name);

-- A ticket's SLA clock: the policy it runs under, the due times in force and
-- which warnings and breaches have fired (each fires once).
CREATE TABLE ticket_sla (
  ticket_id BIGINT PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
  policy_id BIGINT REFERENCES sla_policies (id) ON DELETE SET NULL,
  first_response_due_at BIGINT,
  resolution_due_at BIGINT,
  first_response_warned INTEGER NOT NULL DEFAULT 0,
  first_response_breached INTEGER NOT NULL DEFAULT 0,
  resolution_warned INTEGER NOT NULL DEFAULT 0,
  resolution_breached INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ticket_sla_policy ON ticket_sla (policy_id);

-- Periods in which a ticket's SLA clock stood still: kind 'status' while the
-- ticket sat in a paused status (stops both clocks), 'resolved' while it was
-- resolved (stops the resolution clock). ended_at NULL = still paused.
CREATE TABLE sla_pauses (
  id {{ID}},
  ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at BIGINT
);
CREATE INDEX sla_pauses_ticket ON sla_pauses (ticket_id, id);
