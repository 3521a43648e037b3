-- The customer pane beside a ticket lists the other tickets of a guest
-- requester (no account) by address, newest first; requester_id has its
-- index since 0001.
CREATE INDEX tickets_guest_email_updated ON tickets (LOWER(guest_email), updated_at, id);
