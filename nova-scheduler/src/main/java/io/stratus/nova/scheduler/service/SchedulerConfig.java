package io.stratus.nova.scheduler.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** nova-scheduler's settings (`nova.scheduler.*`), Nova's names and defaults where Nova has them. */
@ConfigMapping(prefix = "nova.scheduler")
public interface SchedulerConfig {

    /** filter, simple, chance or zone. */
    @WithDefault("filter")
    String strategy();

    @WithDefault("16.0")
    double cpuAllocationRatio();

    @WithDefault("1.5")
    double ramAllocationRatio();

    @WithDefault("1.0")
    double diskAllocationRatio();

    /** Positive spreads servers over hosts, negative stacks them. */
    @WithDefault("1.0")
    double ramWeightMultiplier();

    @WithDefault("1.0")
    double diskWeightMultiplier();

    @WithDefault("1.0")
    double cpuWeightMultiplier();

    /**
     * Nova's host_subset_size: the host is picked at random among this many best-weighed ones, so that
     * schedulers deciding at the same moment do not all queue for the same host's lock.
     */
    @WithDefault("3")
    int hostSubsetSize();

    /**
     * How often the hosts and their usage are read from the database; between reads a scheduler counts
     * its own claims, and sees another scheduler's at the next read.
     */
    @WithDefault("1s")
    Duration hostRefreshInterval();

    /** A host not heard from for this long is down. */
    @WithDefault("60s")
    Duration serviceDownTime();
}
