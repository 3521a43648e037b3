-- Roles as data: the four system roles (their permissions are written by the
-- server at start, from core/permissions.cpp, so a newer version can grant
-- more) and the custom roles admins make. A user holds one or more roles;
-- users.role keeps the coarse kind (customer, agent, admin) derived from
-- them, for display and the list of assignable agents.
CREATE TABLE roles (
  id {{ID}},
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  permissions TEXT NOT NULL DEFAULT '',
  system INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

INSERT INTO roles (slug, name, system, created_at, updated_at) VALUES ('admin', 'Administrator', 1, 0, 0);
INSERT INTO roles (slug, name, system, created_at, updated_at) VALUES ('agent', 'Agent', 1, 0, 0);
INSERT INTO roles (slug, name, system, created_at, updated_at) VALUES ('light_agent', 'Light agent', 1, 0, 0);
INSERT INTO roles (slug, name, system, created_at, updated_at) VALUES ('customer', 'Customer', 1, 0, 0);

CREATE TABLE user_roles (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role_id BIGINT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, role_id)
);
CREATE INDEX user_roles_role ON user_roles (role_id);

INSERT INTO user_roles (user_id, role_id)
  SELECT u.id, r.id FROM users u JOIN roles r ON r.slug = u.role;
