-- Escalation rules and automations: one table, told apart by kind, both in
-- the condition language of core/conditions.h (stored as the JSON the admin
-- saved). rule_matches remembers which rule currently matches which ticket,
-- so a rule fires once when its conditions become true and again only after
-- they stopped holding in between.
CREATE TABLE rules (
  id {{ID}},
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  position INTEGER NOT NULL DEFAULT 0,
  conditions TEXT NOT NULL DEFAULT '{}',
  actions TEXT NOT NULL DEFAULT '[]',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX rules_kind_name ON rules (kind, name);

CREATE TABLE rule_matches (
  rule_id BIGINT NOT NULL REFERENCES rules (id) ON DELETE CASCADE,
  ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  matched_at BIGINT NOT NULL,
  PRIMARY KEY (rule_id, ticket_id)
);
CREATE INDEX rule_matches_ticket ON rule_matches (ticket_id);
