-- Ticket descriptions and replies are Markdown; their safe HTML (cmark with
-- raw HTML off, then the allow-list sanitiser) is rendered once, when they
-- are written, and kept beside the source so reads never render. Rows written
-- before this migration have NULL and are rendered when read.
ALTER TABLE tickets ADD COLUMN description_html TEXT;
ALTER TABLE replies ADD COLUMN body_html TEXT;
