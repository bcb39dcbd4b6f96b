package io.stratus.nova.scheduler.service;

import io.stratus.nova.scheduler.repo.Allocation;
import io.stratus.nova.scheduler.repo.HostState;
import io.stratus.nova.scheduler.repo.SchedulerRepo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hosts as this scheduler weighs them: read from the database every refresh interval (off the
 * decision's path) and grown by each claim this scheduler makes meanwhile, as Nova's host manager does.
 * Another scheduler's claims show at the next read; until then the two may weigh a host alike, which
 * costs balance, never room: every claim is checked against the database's own figures.
 */
final class HostView {

    private final SchedulerRepo repo;
    private final long refreshNanos;
    private volatile Map<String, HostState> hosts = Map.of();
    private volatile long readAt;
    private volatile boolean read;

    HostView(SchedulerRepo repo, Duration refreshInterval) {
        this.repo = repo;
        this.refreshNanos = refreshInterval.toNanos();
    }

    /** The hosts, read again first when the last read is older than a few refresh intervals (the refresher is behind) or was invalidated. */
    List<HostState> hosts() {
        if (!read || System.nanoTime() - readAt > 3 * refreshNanos) {
            refresh();
        }
        return List.copyOf(hosts.values());
    }

    void refresh() {
        long started = System.nanoTime();
        Map<String, HostState> latest = new ConcurrentHashMap<>();
        for (HostState host : repo.hostStates()) {
            latest.put(host.host(), host);
        }
        hosts = latest;
        readAt = started;
        read = true;
    }

    /** The next decision reads the database (a host this view does not know has reported). */
    void invalidate() {
        read = false;
    }

    boolean knows(String host) {
        return hosts.containsKey(host);
    }

    /** Counts a claim this scheduler made, until a read shows it. */
    void claimed(Allocation allocation) {
        hosts.computeIfPresent(allocation.host(), (name, host) -> new HostState(name, host.hypervisorType(), host.architecture(), host.vcpus(), host.memoryMb(),
                host.diskGb(), host.lastSeen(), host.vcpusUsed() + allocation.vcpus(), host.memoryMbUsed() + allocation.memoryMb(),
                host.diskGbUsed() + allocation.diskGb(), host.instances() + 1));
    }
}
