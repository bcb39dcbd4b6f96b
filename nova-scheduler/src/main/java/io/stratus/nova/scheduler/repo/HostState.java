package io.stratus.nova.scheduler.repo;

import java.time.Instant;

/** A compute host as the scheduler weighs it: what it has (as reported) and what is promised of it (its allocations). */
public record HostState(String host, String hypervisorType, String architecture, int vcpus, long memoryMb, long diskGb, Instant lastSeen, int vcpusUsed,
                        long memoryMbUsed, long diskGbUsed, int instances) {
}
