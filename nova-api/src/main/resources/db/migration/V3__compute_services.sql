-- compute hosts as their reports describe them: the service (up while it reports, enabled unless an
-- operator disabled it) and its hypervisor's resources
CREATE TABLE compute_services (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  host VARCHAR(255) NOT NULL,
  binary_name VARCHAR(64) NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT FALSE,
  disabled_reason VARCHAR(255) NULL,
  last_seen_up DATETIME(6) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY compute_services_host_binary (host, binary_name)
);

CREATE TABLE compute_nodes (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  service_id INT NOT NULL,
  hypervisor_hostname VARCHAR(255) NOT NULL,
  hypervisor_type VARCHAR(64) NOT NULL,
  hypervisor_version BIGINT NOT NULL,
  host_ip VARCHAR(64) NOT NULL,
  vcpus INT NOT NULL,
  vcpus_used INT NOT NULL,
  memory_mb BIGINT NOT NULL,
  memory_mb_used BIGINT NOT NULL,
  local_gb BIGINT NOT NULL,
  local_gb_used BIGINT NOT NULL,
  running_vms INT NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  UNIQUE KEY compute_nodes_service (service_id),
  CONSTRAINT compute_nodes_service FOREIGN KEY (service_id) REFERENCES compute_services (id) ON DELETE CASCADE
);
