-- Languages (issue 14). A user's own locale and time zone (NULL: follow the
-- browser, then DefaultLocale); the locale each queued mail was written in;
-- and the admins' template overrides, now one per template and locale. The
-- overrides saved before were English: they stay, as the "en" ones.
ALTER TABLE users ADD COLUMN locale TEXT;
ALTER TABLE users ADD COLUMN timezone TEXT;
ALTER TABLE mail_messages ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';

CREATE TABLE mail_template_overrides (
  template_key TEXT NOT NULL,
  locale TEXT NOT NULL,
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  body_html TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (template_key, locale)
);
INSERT INTO mail_template_overrides (template_key, locale, subject, body_text, body_html, updated_at)
  SELECT template_key, 'en', subject, body_text, body_html, updated_at FROM mail_templates;
DROP TABLE mail_templates;
ALTER TABLE mail_template_overrides RENAME TO mail_templates;
