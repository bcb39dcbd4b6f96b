-- flavors: Nova's flavorid is the public id (any string up to 255); the defaults are Nova's m1.* set
CREATE TABLE flavors (
  flavorid VARCHAR(255) NOT NULL PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  memory_mb INT NOT NULL,
  vcpus INT NOT NULL,
  root_gb INT NOT NULL,
  ephemeral_gb INT NOT NULL DEFAULT 0,
  swap INT NOT NULL DEFAULT 0,
  rxtx_factor DOUBLE NOT NULL DEFAULT 1.0,
  is_public BOOLEAN NOT NULL DEFAULT TRUE,
  disabled BOOLEAN NOT NULL DEFAULT FALSE,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY flavors_name (name)
);

CREATE TABLE flavor_extra_specs (
  flavorid VARCHAR(255) NOT NULL,
  spec_key VARCHAR(255) NOT NULL,
  spec_value VARCHAR(255) NOT NULL,
  PRIMARY KEY (flavorid, spec_key),
  CONSTRAINT extra_specs_flavor FOREIGN KEY (flavorid) REFERENCES flavors (flavorid) ON DELETE CASCADE
);

INSERT INTO flavors (flavorid, name, memory_mb, vcpus, root_gb, created_at) VALUES
  ('1', 'm1.tiny', 512, 1, 1, UTC_TIMESTAMP(6)),
  ('2', 'm1.small', 2048, 1, 20, UTC_TIMESTAMP(6)),
  ('3', 'm1.medium', 4096, 2, 40, UTC_TIMESTAMP(6)),
  ('4', 'm1.large', 8192, 4, 80, UTC_TIMESTAMP(6)),
  ('5', 'm1.xlarge', 16384, 8, 160, UTC_TIMESTAMP(6));

-- keypairs belong to a user; id is the row number Nova shows in `keypair show`
CREATE TABLE keypairs (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id VARCHAR(64) NOT NULL,
  name VARCHAR(255) NOT NULL,
  type VARCHAR(16) NOT NULL,
  public_key TEXT NOT NULL,
  fingerprint VARCHAR(64) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY keypairs_user_name (user_id, name)
);
