package io.stratus.nova.api.repo;

import java.time.Instant;

/** A server group: the placement policy its members (servers, once they exist) must follow. */
public record ServerGroup(String id, String name, String policy, String projectId, String userId, Instant createdAt) {
}
