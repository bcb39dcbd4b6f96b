-- the scheduler's own view of the compute hosts, from their reports, and what it has promised them:
-- a host's usage is the sum of its allocations, so two schedulers see each other's claims at once
CREATE TABLE hosts (
  host VARCHAR(255) NOT NULL PRIMARY KEY,
  hypervisor_type VARCHAR(64) NOT NULL,
  vcpus INT NOT NULL,
  memory_mb BIGINT NOT NULL,
  disk_gb BIGINT NOT NULL,
  last_seen DATETIME(6) NOT NULL
);

CREATE TABLE allocations (
  instance_uuid CHAR(36) NOT NULL PRIMARY KEY,
  host VARCHAR(255) NOT NULL,
  vcpus INT NOT NULL,
  memory_mb BIGINT NOT NULL,
  disk_gb BIGINT NOT NULL,
  group_id CHAR(36) NULL,
  created_at DATETIME(6) NOT NULL,
  KEY allocations_host (host),
  KEY allocations_group (group_id)
);

-- one row per server group, locked while one of its members is claimed, so affinity and anti-affinity
-- are judged on the group's latest claims (a row lock lasts until the claim commits)
CREATE TABLE group_locks (
  group_id CHAR(36) NOT NULL PRIMARY KEY
);
