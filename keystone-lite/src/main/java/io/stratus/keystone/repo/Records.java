package io.stratus.keystone.repo;

import java.time.Instant;
import java.util.List;

/** The rows keystone-lite keeps, one record each. */
public final class Records {

    private Records() {
    }

    /** A domain: a namespace for users, groups and projects. */
    public record Domain(String id, String name, String description, boolean enabled) {
    }

    /** A project (tenant). */
    public record Project(String id, String name, String domainId, String parentId, String description, boolean enabled) {
    }

    /** A user with its password state. */
    public record User(String id, String name, String domainId, String defaultProjectId, String description,
                       String email, boolean enabled, String passwordHash, Instant passwordCreatedAt,
                       Instant passwordExpiresAt, int failedAuthCount, Instant failedAuthAt, String options) {
    }

    /** A group of users. */
    public record Group(String id, String name, String domainId, String description) {
    }

    /** A role. */
    public record Role(String id, String name, String description) {
    }

    /** A role given to a user or group on a project, domain or the system. */
    public record Assignment(String actorType, String actorId, String targetType, String targetId, String roleId,
                             boolean inherited) {
    }

    /** A catalog region. */
    public record Region(String id, String description, String parentRegionId) {
    }

    /** A catalog service. */
    public record Service(String id, String type, String name, String description, boolean enabled) {
    }

    /** A catalog endpoint. */
    public record Endpoint(String id, String serviceId, String iface, String url, String regionId, boolean enabled) {
    }

    /** An application credential: a secret that acts for a user on one project with chosen roles. */
    public record ApplicationCredential(String id, String name, String userId, String projectId, String secretHash,
                                        String description, Instant expiresAt, boolean unrestricted, List<Role> roles) {
    }

    /** A stored credential (EC2-style keys for the S3 API, or other blobs). */
    public record Credential(String id, String userId, String projectId, String type, String accessKey, String blob) {
    }
}
