package io.stratus.nova.scheduler.repo;

/** Allocation ratios: how far a host's vCPUs, RAM and disk may be overcommitted. */
public record Ratios(double cpu, double ram, double disk) {

    /** Whether a host with these totals and this usage can take {@code vcpus}, {@code memoryMb} and {@code diskGb} more. */
    public boolean fits(int totalVcpus, long totalMemoryMb, long totalDiskGb, int usedVcpus, long usedMemoryMb, long usedDiskGb,
                        int vcpus, long memoryMb, long diskGb) {
        return usedVcpus + vcpus <= Math.floor(totalVcpus * cpu)
                && usedMemoryMb + memoryMb <= Math.floor(totalMemoryMb * ram)
                && usedDiskGb + diskGb <= Math.floor(totalDiskGb * disk);
    }

    public boolean fits(HostState host, int vcpus, long memoryMb, long diskGb) {
        return fits(host.vcpus(), host.memoryMb(), host.diskGb(), host.vcpusUsed(), host.memoryMbUsed(), host.diskGbUsed(), vcpus, memoryMb,
                diskGb);
    }
}
