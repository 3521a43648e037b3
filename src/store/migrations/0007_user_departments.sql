-- The departments an agent works in. Admins set them through
-- PATCH /admin/users/{id}; permissions (issue 3) will use them to narrow what
-- an agent without ticket.view_all sees. Customers work in no department.
CREATE TABLE user_departments (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  department_id BIGINT NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, department_id)
);
CREATE INDEX user_departments_department ON user_departments (department_id);
