package io.stratus.nova.scheduler.repo;

/** What a server holds on its host. */
public record Allocation(String instanceUuid, String host, int vcpus, long memoryMb, long diskGb, String groupId) {
}
