package io.stratus.common.nova;

/**
 * What a compute host broadcasts every report interval on {@link #EXCHANGE} (a fanout): it is alive,
 * and what its hypervisor has and uses. nova-api records it (os-services, os-hypervisors); a host
 * whose reports stop is `down` after the service down time.
 */
public record ComputeReport(String host, String hypervisorHostname, String hypervisorType, long hypervisorVersion, String hostIp,
                            int vcpus, int vcpusUsed, long memoryMb, long memoryMbUsed, long localGb, long localGbUsed, int runningVms) {

    public static final String EXCHANGE = "nova.compute.reports";

    /** Whether the report names a host a table can hold (a name of 1 to 255 characters). */
    public boolean hasUsableHost() {
        return host != null && !host.isBlank() && host.length() <= 255;
    }
}
