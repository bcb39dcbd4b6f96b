-- microversion 2.11: an operator may declare a compute service down (forced_down) before its reports stop,
-- so its servers can be evacuated at once; 2.19: a server's description
ALTER TABLE compute_services ADD COLUMN forced_down BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE instances ADD COLUMN description VARCHAR(255) NULL;
