package io.stratus.nova.api.repo;

import java.time.Instant;

/** A flavor as Nova keeps it: sizes in MiB (ram, swap) and GiB (root and ephemeral disks). */
public record Flavor(String flavorId, String name, int memoryMb, int vcpus, int rootGb, int ephemeralGb, int swapMb,
                     double rxtxFactor, boolean isPublic, boolean disabled, Instant createdAt) {
}
