package io.stratus.common.nova;

/**
 * What a compute host broadcasts every report interval on {@link #EXCHANGE} (a fanout): it is alive,
 * and what its hypervisor has and uses. nova-api records it (os-services, os-hypervisors); a host
 * whose reports stop is `down` after the service down time.
 */
public record ComputeReport(String host, String hypervisorHostname, String hypervisorType, long hypervisorVersion, String hostIp,
                            int vcpus, int vcpusUsed, long memoryMb, long memoryMbUsed, long localGb, long localGbUsed, int runningVms,
                            String architecture) {

    public static final String EXCHANGE = "nova.compute.reports";

    /**
     * An architecture under Nova's canonical name (x86_64, i686, aarch64, …), as an image's
     * {@code architecture} property or a JVM's os.arch may spell it otherwise; null stays null.
     */
    public static String canonicalArchitecture(String name) {
        if (name == null) {
            return null;
        }
        String lower = name.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (lower) {
            case "amd64", "x64", "x86-64" -> "x86_64";
            case "x86", "i386", "i486", "i586" -> "i686";
            case "arm64" -> "aarch64";
            default -> lower;
        };
    }

    /** Whether the report names a host a table can hold (a name of 1 to 255 characters). */
    public boolean hasUsableHost() {
        return host != null && !host.isBlank() && host.length() <= 255;
    }
}
