-- Image records as Glance keeps them; the bytes live in a store (file, Swift, S3), named by locations.
CREATE TABLE images (
    id               CHAR(36)     NOT NULL PRIMARY KEY,
    name             VARCHAR(255) NULL,
    owner            VARCHAR(64)  NULL,
    status           VARCHAR(30)  NOT NULL,
    visibility       VARCHAR(20)  NOT NULL,
    size             BIGINT       NULL,
    virtual_size     BIGINT       NULL,
    disk_format      VARCHAR(20)  NULL,
    container_format VARCHAR(20)  NULL,
    checksum         VARCHAR(32)  NULL,
    os_hash_algo     VARCHAR(64)  NULL,
    os_hash_value    VARCHAR(128) NULL,
    min_disk         INT          NOT NULL DEFAULT 0,
    min_ram          INT          NOT NULL DEFAULT 0,
    protected        BOOLEAN      NOT NULL DEFAULT FALSE,
    os_hidden        BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at       DATETIME(6)  NOT NULL,
    updated_at       DATETIME(6)  NOT NULL,
    deleted          BOOLEAN      NOT NULL DEFAULT FALSE,
    deleted_at       DATETIME(6)  NULL,
    INDEX images_owner (owner, deleted),
    INDEX images_visibility (visibility, deleted),
    INDEX images_created (created_at, id)
) ENGINE=InnoDB;

CREATE TABLE image_properties (
    image_id CHAR(36)     NOT NULL,
    name     VARCHAR(255) NOT NULL,
    value    TEXT         NULL,
    PRIMARY KEY (image_id, name),
    FOREIGN KEY (image_id) REFERENCES images (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE image_tags (
    image_id CHAR(36)     NOT NULL,
    value    VARCHAR(255) NOT NULL,
    PRIMARY KEY (image_id, value),
    FOREIGN KEY (image_id) REFERENCES images (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE image_members (
    image_id   CHAR(36)     NOT NULL,
    member     VARCHAR(255) NOT NULL,
    status     VARCHAR(20)  NOT NULL,
    created_at DATETIME(6)  NOT NULL,
    updated_at DATETIME(6)  NOT NULL,
    PRIMARY KEY (image_id, member),
    INDEX image_members_member (member, status),
    FOREIGN KEY (image_id) REFERENCES images (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE image_locations (
    id       BIGINT   NOT NULL AUTO_INCREMENT PRIMARY KEY,
    image_id CHAR(36) NOT NULL,
    url      TEXT     NOT NULL,
    metadata TEXT     NOT NULL,
    INDEX image_locations_image (image_id),
    FOREIGN KEY (image_id) REFERENCES images (id) ON DELETE CASCADE
) ENGINE=InnoDB;
