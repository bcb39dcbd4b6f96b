package io.stratus.nova.api.repo;

import java.time.Instant;

/**
 * A server as nova-api keeps it. The flavor's sizes are copied in at boot; {@code host} is set once the
 * scheduler has placed it. Nova's three states: {@code vmState} (what it is), {@code taskState} (what
 * it is doing, null when idle) and {@code powerState} (what the hypervisor last said, Nova's codes).
 */
public record Instance(String uuid, String name, String projectId, String userId, String imageRef, String flavorId, int vcpus,
                       int memoryMb, int rootGb, int ephemeralGb, int swapMb, String keyName, String keyData, String userData,
                       String availabilityZone, String serverGroupId, String reservationId, int launchIndex, String host,
                       String vmState, String taskState, int powerState, String lockedBy, int buildAttempts, Instant launchedAt,
                       Instant terminatedAt, Instant createdAt, Instant updatedAt, boolean deleted, String description) {

    public boolean locked() {
        return lockedBy != null;
    }
}
