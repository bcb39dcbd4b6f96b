package io.stratus.nova.compute.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** nova-compute's settings (`nova.compute.*`). */
@ConfigMapping(prefix = "nova.compute")
public interface ComputeConfig {

    /** This host's name in Nova (os-services, os-hypervisors); the machine's host name when unset. */
    Optional<String> host();

    /** libvirt or fake. */
    String driver();

    String libvirtUri();

    /** libvirt's domain type: qemu (software emulation), kvm, or test. */
    String domainType();

    String instancesDir();

    Duration reportInterval();

    /** Nova's shutdown_timeout: how long a guest may take to stop when asked. */
    @WithDefault("60s")
    Duration cleanShutdown();

    /** The fake driver's host. */
    @WithDefault("16")
    int fakeVcpus();

    @WithDefault("32768")
    long fakeMemoryMb();

    @WithDefault("500")
    long fakeDiskGb();

    /** How many fake hosts this process runs (named host-1 … host-N when more than one), for scale tests. */
    @WithDefault("1")
    int fakeHosts();

    /** glance-api, where images come from and snapshots go. */
    @WithDefault("http://127.0.0.1:9292")
    String glanceUrl();
}
