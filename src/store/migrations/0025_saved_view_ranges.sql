-- A saved view or queue filter naming statuses and priorities, sorted by
-- updated_at (the default): store/ticket_repo.cpp walks one range of this
-- index per (status, priority) pair, newest first, and merges a page from
-- them, instead of sorting every matching ticket.
CREATE INDEX tickets_status_priority_updated ON tickets (status, priority, updated_at, id);
