-- servers: the flavor's sizes are copied in at boot (a flavor deleted later does not change them);
-- vm_state/task_state/power_state move as Nova moves them; rows stay, marked deleted, so a deleted
-- server is still found by id for a while and its quota is freed at once
CREATE TABLE instances (
  uuid CHAR(36) NOT NULL PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  project_id VARCHAR(64) NOT NULL,
  user_id VARCHAR(64) NOT NULL,
  image_ref VARCHAR(64) NOT NULL,
  flavor_id VARCHAR(255) NOT NULL,
  vcpus INT NOT NULL,
  memory_mb INT NOT NULL,
  root_gb INT NOT NULL,
  ephemeral_gb INT NOT NULL,
  swap_mb INT NOT NULL,
  key_name VARCHAR(255) NULL,
  key_data TEXT NULL,
  user_data MEDIUMTEXT NULL,
  availability_zone VARCHAR(255) NULL,
  server_group_id CHAR(36) NULL,
  reservation_id VARCHAR(32) NOT NULL,
  launch_index INT NOT NULL,
  host VARCHAR(255) NULL,
  vm_state VARCHAR(32) NOT NULL,
  task_state VARCHAR(32) NULL,
  power_state INT NOT NULL DEFAULT 0,
  locked_by VARCHAR(16) NULL,
  build_attempts INT NOT NULL DEFAULT 0,
  launched_at DATETIME(6) NULL,
  terminated_at DATETIME(6) NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  deleted BOOLEAN NOT NULL DEFAULT FALSE,
  deleted_at DATETIME(6) NULL,
  KEY instances_project (project_id, deleted, created_at),
  KEY instances_host (host, deleted),
  KEY instances_group (server_group_id, deleted)
);

CREATE TABLE instance_metadata (
  instance_uuid CHAR(36) NOT NULL,
  meta_key VARCHAR(255) NOT NULL,
  meta_value VARCHAR(255) NOT NULL,
  PRIMARY KEY (instance_uuid, meta_key),
  CONSTRAINT instance_metadata_instance FOREIGN KEY (instance_uuid) REFERENCES instances (uuid) ON DELETE CASCADE
);

CREATE TABLE instance_faults (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  instance_uuid CHAR(36) NOT NULL,
  code INT NOT NULL,
  message VARCHAR(255) NOT NULL,
  details TEXT NULL,
  host VARCHAR(255) NULL,
  created_at DATETIME(6) NOT NULL,
  KEY instance_faults_instance (instance_uuid, id),
  CONSTRAINT instance_faults_instance FOREIGN KEY (instance_uuid) REFERENCES instances (uuid) ON DELETE CASCADE
);

-- what was asked of a server (os-instance-actions): create, stop, reboot, ... and how it ended
CREATE TABLE instance_actions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  instance_uuid CHAR(36) NOT NULL,
  action VARCHAR(64) NOT NULL,
  request_id VARCHAR(64) NOT NULL,
  user_id VARCHAR(64) NULL,
  project_id VARCHAR(64) NULL,
  message VARCHAR(255) NULL,
  start_time DATETIME(6) NOT NULL,
  finish_time DATETIME(6) NULL,
  KEY instance_actions_instance (instance_uuid, id),
  CONSTRAINT instance_actions_instance FOREIGN KEY (instance_uuid) REFERENCES instances (uuid) ON DELETE CASCADE
);

-- per-project quota overrides (os-quota-sets); a resource without a row has the default
CREATE TABLE quotas (
  project_id VARCHAR(64) NOT NULL,
  resource VARCHAR(64) NOT NULL,
  hard_limit INT NOT NULL,
  PRIMARY KEY (project_id, resource)
);

-- one row per project, locked while a boot checks and takes the project's quota, so two boots at once
-- cannot both fit in the last room (a row lock lasts until the boot's rows commit)
CREATE TABLE project_locks (
  project_id VARCHAR(64) NOT NULL PRIMARY KEY
);
