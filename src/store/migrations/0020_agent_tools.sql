-- The agent's power tools (issue 16). Canned responses: Markdown answers
-- with placeholders, personal (owner_id set, shared 0) or shared with every
-- staff member. Macros: an ordered list of actions ({"type", "value"}, as
-- core/macro_actions.h parses them) applied to a ticket in one transaction.
-- Followers: staff who get the assignee's notifications for a ticket.
CREATE TABLE canned_responses (
  id {{ID}},
  owner_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  shared INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX canned_responses_owner ON canned_responses (owner_id);

CREATE TABLE macros (
  id {{ID}},
  owner_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  shared INTEGER NOT NULL DEFAULT 0,
  actions TEXT NOT NULL DEFAULT '[]',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX macros_owner ON macros (owner_id);

CREATE TABLE ticket_followers (
  ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (ticket_id, user_id)
);
CREATE INDEX ticket_followers_user ON ticket_followers (user_id, ticket_id);
