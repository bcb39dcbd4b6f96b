CREATE TABLE domain (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  description TEXT,
  enabled BOOLEAN NOT NULL DEFAULT TRUE,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY uq_domain_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE project (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  domain_id VARCHAR(64) NOT NULL,
  parent_id VARCHAR(64),
  description TEXT,
  enabled BOOLEAN NOT NULL DEFAULT TRUE,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY uq_project_name (domain_id, name),
  CONSTRAINT fk_project_domain FOREIGN KEY (domain_id) REFERENCES domain (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE identity_user (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  domain_id VARCHAR(64) NOT NULL,
  default_project_id VARCHAR(64),
  description TEXT,
  email VARCHAR(255),
  enabled BOOLEAN NOT NULL DEFAULT TRUE,
  password_hash VARCHAR(255),
  password_created_at TIMESTAMP(6) NULL,
  password_expires_at TIMESTAMP(6) NULL,
  failed_auth_count INT NOT NULL DEFAULT 0,
  failed_auth_at TIMESTAMP(6) NULL,
  last_active_at TIMESTAMP(6) NULL,
  options TEXT,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY uq_user_name (domain_id, name),
  CONSTRAINT fk_user_domain FOREIGN KEY (domain_id) REFERENCES domain (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE password_history (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id VARCHAR(64) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY ix_password_history_user (user_id, created_at),
  CONSTRAINT fk_password_history_user FOREIGN KEY (user_id) REFERENCES identity_user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE identity_group (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  domain_id VARCHAR(64) NOT NULL,
  description TEXT,
  UNIQUE KEY uq_group_name (domain_id, name),
  CONSTRAINT fk_group_domain FOREIGN KEY (domain_id) REFERENCES domain (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE group_membership (
  group_id VARCHAR(64) NOT NULL,
  user_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (group_id, user_id),
  KEY ix_membership_user (user_id),
  CONSTRAINT fk_membership_group FOREIGN KEY (group_id) REFERENCES identity_group (id) ON DELETE CASCADE,
  CONSTRAINT fk_membership_user FOREIGN KEY (user_id) REFERENCES identity_user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE role (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  description TEXT,
  UNIQUE KEY uq_role_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE implied_role (
  prior_role_id VARCHAR(64) NOT NULL,
  implied_role_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (prior_role_id, implied_role_id),
  CONSTRAINT fk_implied_prior FOREIGN KEY (prior_role_id) REFERENCES role (id) ON DELETE CASCADE,
  CONSTRAINT fk_implied_implied FOREIGN KEY (implied_role_id) REFERENCES role (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- actor_type: user | group; target_type: project | domain | system
CREATE TABLE assignment (
  actor_type VARCHAR(16) NOT NULL,
  actor_id VARCHAR(64) NOT NULL,
  target_type VARCHAR(16) NOT NULL,
  target_id VARCHAR(64) NOT NULL,
  role_id VARCHAR(64) NOT NULL,
  inherited BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (actor_type, actor_id, target_type, target_id, role_id, inherited),
  KEY ix_assignment_target (target_type, target_id),
  KEY ix_assignment_role (role_id),
  CONSTRAINT fk_assignment_role FOREIGN KEY (role_id) REFERENCES role (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE region (
  id VARCHAR(255) NOT NULL PRIMARY KEY,
  description TEXT,
  parent_region_id VARCHAR(255)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE service (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  type VARCHAR(255) NOT NULL,
  name VARCHAR(255),
  description TEXT,
  enabled BOOLEAN NOT NULL DEFAULT TRUE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE endpoint (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  service_id VARCHAR(64) NOT NULL,
  interface VARCHAR(8) NOT NULL,
  url TEXT NOT NULL,
  region_id VARCHAR(255),
  enabled BOOLEAN NOT NULL DEFAULT TRUE,
  CONSTRAINT fk_endpoint_service FOREIGN KEY (service_id) REFERENCES service (id) ON DELETE CASCADE,
  CONSTRAINT fk_endpoint_region FOREIGN KEY (region_id) REFERENCES region (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE application_credential (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  user_id VARCHAR(64) NOT NULL,
  project_id VARCHAR(64) NOT NULL,
  secret_hash VARCHAR(255) NOT NULL,
  description TEXT,
  expires_at TIMESTAMP(6) NULL,
  unrestricted BOOLEAN NOT NULL DEFAULT FALSE,
  roles TEXT NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY uq_app_cred_name (user_id, name),
  CONSTRAINT fk_app_cred_user FOREIGN KEY (user_id) REFERENCES identity_user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE credential (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  user_id VARCHAR(64) NOT NULL,
  project_id VARCHAR(64),
  type VARCHAR(255) NOT NULL,
  access_key VARCHAR(255),
  blob_value TEXT NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY uq_credential_access (type, access_key),
  CONSTRAINT fk_credential_user FOREIGN KEY (user_id) REFERENCES identity_user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE revocation_event (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  audit_id VARCHAR(64),
  audit_chain_id VARCHAR(64),
  user_id VARCHAR(64),
  project_id VARCHAR(64),
  issued_before BIGINT NOT NULL,
  revoked_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY ix_revocation_issued (issued_before)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
