-- projects that may use a private flavor
CREATE TABLE flavor_projects (
  flavorid VARCHAR(255) NOT NULL,
  project_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (flavorid, project_id),
  CONSTRAINT flavor_projects_flavor FOREIGN KEY (flavorid) REFERENCES flavors (flavorid) ON DELETE CASCADE
);

-- server groups: one policy each (affinity or anti-affinity); members come with servers
CREATE TABLE server_groups (
  id CHAR(36) NOT NULL PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  policy VARCHAR(32) NOT NULL,
  project_id VARCHAR(64) NOT NULL,
  user_id VARCHAR(64) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  KEY server_groups_project (project_id)
);
