-- host aggregates: named groups of compute hosts with metadata (an availability zone is the
-- metadata key availability_zone), for the scheduler's aggregate filters
CREATE TABLE aggregates (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NULL,
  UNIQUE KEY aggregates_name (name)
);

CREATE TABLE aggregate_hosts (
  aggregate_id INT NOT NULL,
  host VARCHAR(255) NOT NULL,
  PRIMARY KEY (aggregate_id, host),
  CONSTRAINT aggregate_hosts_aggregate FOREIGN KEY (aggregate_id) REFERENCES aggregates (id) ON DELETE CASCADE
);

CREATE TABLE aggregate_metadata (
  aggregate_id INT NOT NULL,
  meta_key VARCHAR(255) NOT NULL,
  meta_value VARCHAR(255) NOT NULL,
  PRIMARY KEY (aggregate_id, meta_key),
  CONSTRAINT aggregate_metadata_aggregate FOREIGN KEY (aggregate_id) REFERENCES aggregates (id) ON DELETE CASCADE
);
