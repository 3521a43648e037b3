-- Issue 13, item 8: a reply filed from mail that matched its ticket only by
-- the subject reference, from a sender nothing proved, is marked unverified
-- (the agent UI shows a warning). Every earlier reply stands as verified.
-- An INTEGER 0/1, like replies.is_internal_note, on both engines.
ALTER TABLE replies ADD COLUMN verified INTEGER NOT NULL DEFAULT 1;
