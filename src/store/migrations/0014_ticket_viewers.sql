-- Who has a ticket open right now, per server node, for the "also viewing"
-- warnings across a cluster (services/presence_board.h). Each node keeps its
-- own rows (node_id is random per process) and renews their expires_at
-- (epoch ms) while it runs, so the rows of a node that died vanish from
-- reads once they expire. No foreign keys: these rows are fleeting, and a
-- ticket that is deleted meanwhile must not make a node's write fail.
CREATE TABLE ticket_viewers (
  node_id TEXT NOT NULL,
  ticket_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (node_id, ticket_id, user_id)
);
CREATE INDEX ticket_viewers_ticket ON ticket_viewers (ticket_id, expires_at);
