package io.stratus.nova.api.repo;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A host aggregate with its hosts and metadata (its availability zone is the metadata key availability_zone). */
public record Aggregate(int id, String name, List<String> hosts, Map<String, String> metadata, Instant createdAt, Instant updatedAt) {
}
