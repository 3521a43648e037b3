-- Customer satisfaction (CSAT): one rating per ticket, given by its
-- requester once the ticket is resolved or closed. Rating again replaces the
-- row (updated_at moves, created_at stays). The report reads ratings by
-- updated_at, the instant of the rating in force.
CREATE TABLE satisfaction_ratings (
  id {{ID}},
  ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment TEXT,
  rated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX satisfaction_ratings_ticket ON satisfaction_ratings (ticket_id);
CREATE INDEX satisfaction_ratings_updated ON satisfaction_ratings (updated_at, id);
