package io.stratus.nova.compute.virt;

/** What a compute host has and what its instances take, as the resource tracker reports them. */
public record HostResources(int vcpus, int vcpusUsed, long memoryMb, long memoryMbUsed, long diskGb, long diskGbUsed) {
}
