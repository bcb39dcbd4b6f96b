package io.stratus.nova.scheduler.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stratus.common.context.RequestContext;
import io.stratus.common.nova.BuildRequest;
import io.stratus.common.nova.ComputeReport;
import io.stratus.common.nova.ComputeRequest;
import io.stratus.common.nova.InstanceEvent;
import io.stratus.common.nova.NovaTopics;
import io.stratus.common.nova.SchedulerRequest;
import io.stratus.common.rpc.RpcConnection;
import io.stratus.common.rpc.RpcServer;
import io.stratus.nova.scheduler.filter.FilterContext;
import io.stratus.nova.scheduler.filter.Filters;
import io.stratus.nova.scheduler.filter.Weighers;
import io.stratus.nova.scheduler.repo.Allocation;
import io.stratus.nova.scheduler.repo.HostState;
import io.stratus.nova.scheduler.repo.Ratios;
import io.stratus.nova.scheduler.repo.SchedulerRepo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Serves the scheduler queue: for each server, the hosts that pass the filters, in the strategy's order,
 * and the first one a claim succeeds on gets the build. Every scheduler process shares the queue; claims
 * in the database keep them from promising one host's room twice. No host: the server goes to ERROR
 * with Nova's "No valid host" fault.
 */
@ApplicationScoped
public class Scheduler {

    private static final Logger LOG = Logger.getLogger(Scheduler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> SOFT_TO_HARD = Map.of("soft-affinity", "affinity", "soft-anti-affinity", "anti-affinity");

    @Inject
    RpcConnection rpc;

    @Inject
    NovaTopics topics;

    @Inject
    SchedulerRepo repo;

    @Inject
    SchedulerConfig config;

    @Inject
    MeterRegistry registry;

    private HostView view;
    private ScheduledExecutorService refresher;
    private Timer decisions;
    private Timer hostReads;
    private Timer claims;
    private RpcServer server;

    void start(@Observes StartupEvent event) {
        decisions = percentiles(Timer.builder("nova.scheduler.decision").description("time from a schedule request to its claim"));
        hostReads = percentiles(Timer.builder("nova.scheduler.host_states").description("time to read the hosts and their usage (refreshes)"));
        claims = percentiles(Timer.builder("nova.scheduler.claim").description("time of one claim transaction"));
        view = new HostView(repo, config.hostRefreshInterval());
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "host-view-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long interval = config.hostRefreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(this::refreshQuietly, interval, interval, TimeUnit.MILLISECONDS);
        rpc.subscribe(topics.reports(), message -> {
            try {
                ComputeReport report = JSON.treeToValue(message.payload(), ComputeReport.class);
                if (report.hasUsableHost()) {
                    repo.recordReport(report, Instant.now());
                    if (!view.knows(report.host())) {
                        view.invalidate();
                    }
                }
            } catch (IOException e) {
                LOG.warnf("ignoring a malformed compute report: %s", e.getMessage());
            }
        });
        server = rpc.serve(topics.exchange(), topics.scheduler(), topics.scheduler(), 1, message -> {
            SchedulerRequest request = JSON.treeToValue(message.payload(), SchedulerRequest.class);
            switch (request.method()) {
                case "schedule" -> scheduleOrFail(request.build(), message.context());
                case "release" -> repo.release(request.instanceUuid());
                case "resize", "revert_resize" -> resizeOrFail(request, message.context());
                default -> LOG.warnf("ignoring scheduler request %s", request.method());
            }
            return null;
        });
    }

    /** Percentiles over the last minutes, and cumulative buckets (50 ms among them) a benchmark can take the difference of over its run. */
    private Timer percentiles(Timer.Builder timer) {
        return timer.publishPercentiles(0.5, 0.99).percentilePrecision(3).distributionStatisticExpiry(Duration.ofMinutes(10))
                .distributionStatisticBufferLength(2).publishPercentileHistogram().serviceLevelObjectives(Duration.ofMillis(50))
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
    }

    private void refreshQuietly() {
        try {
            hostReads.record(view::refresh);
        } catch (RuntimeException e) {
            LOG.warnf("cannot read the hosts: %s (decisions read them themselves until this works again)", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (refresher != null) {
            refresher.shutdownNow();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A server that cannot be scheduled (its database away past the retries) goes to ERROR rather than waiting in BUILD. */
    private void scheduleOrFail(BuildRequest build, RequestContext context) {
        try {
            schedule(build, context);
        } catch (RuntimeException e) {
            LOG.errorf(e, "scheduling %s failed", build.instanceUuid());
            rpc.cast(topics.exchange(), topics.conductor(), JSON.valueToTree(InstanceEvent.failed(build.instanceUuid(), null, "error", null,
                    new InstanceEvent.Fault(500, "Scheduling failed: " + e.getMessage(), null))), context);
        }
    }

    void schedule(BuildRequest build, RequestContext context) {
        long started = System.nanoTime();
        String host = choose(build);
        decisions.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (host == null) {
            repo.release(build.instanceUuid());
            String message = build.attempt() > 1
                    ? "Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance "
                            + build.instanceUuid() + "."
                    : "No valid host was found. There are not enough hosts available.";
            rpc.cast(topics.exchange(), topics.conductor(), JSON.valueToTree(InstanceEvent.failed(build.instanceUuid(), null, "error",
                    null, new InstanceEvent.Fault(500, message, null))), context);
            return;
        }
        LOG.infof("server %s goes to %s (try %d)", build.instanceUuid(), host, build.attempt());
        rpc.cast(topics.exchange(), topics.conductor(), JSON.valueToTree(InstanceEvent.placed(build.instanceUuid(), host, build.attempt())),
                context);
        rpc.cast(topics.exchange(), topics.compute(host), JSON.valueToTree(new ComputeRequest("build", build.instanceUuid(), build, null,
                null)), context);
    }

    /** A resize that cannot be claimed (its database away past the retries) ends as a refused one rather than waiting forever. */
    private void resizeOrFail(SchedulerRequest request, RequestContext context) {
        try {
            resize(request, context);
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s of %s failed", request.method(), request.instanceUuid());
            refuseResize(request, "Resize failed: " + e.getMessage(), context);
        }
    }

    /** The server stays as it was (its claim unchanged), the action ended in error. */
    private void refuseResize(SchedulerRequest request, String message, RequestContext context) {
        String taskState = request.method().equals("revert_resize") ? "resize_reverting" : "resize_prep";
        rpc.cast(topics.exchange(), topics.conductor(), JSON.valueToTree(InstanceEvent.failed(request.instanceUuid(), request.host(), null,
                taskState, new InstanceEvent.Fault(500, message, null))), context);
    }

    /**
     * A resize on the server's own host: its claim there is replaced by one of the new sizes if the host
     * has the room (else it stands, and the server stays as it was, with Nova's "No valid host" fault),
     * then the host applies them.
     */
    private void resize(SchedulerRequest request, RequestContext context) {
        BuildRequest build = request.build();
        Ratios ratios = ratios();
        Allocation wanted = new Allocation(build.instanceUuid(), request.host(), build.vcpus(), build.memoryMb(), build.diskGb(),
                build.groupId());
        SchedulerRepo.Claim claim = repo.claim(wanted, null, ratios, Instant.now(), List.of(request.host()));
        if (claim.result() != SchedulerRepo.ClaimResult.CLAIMED) {
            LOG.infof("%s of %s refused on %s: %s", request.method(), build.instanceUuid(), request.host(), claim.result());
            refuseResize(request, "No valid host was found. There are not enough resources on host " + request.host() + " for the new size.",
                    context);
            return;
        }
        view.claimed(wanted);
        rpc.cast(topics.exchange(), topics.compute(request.host()), JSON.valueToTree(new ComputeRequest(request.method(), build.instanceUuid(),
                build, null, build.authToken())), context);
    }

    /**
     * The host claimed for the server, or null when none will take it. When none does, the hosts are read
     * again and the choice made once more on the latest figures (a delete may have freed room since).
     */
    String choose(BuildRequest build) {
        String host = chooseAmong(view.hosts(), build);
        if (host == null) { // the view may be behind the database (rooms freed since it was read): look again before saying no
            hostReads.record(view::refresh);
            host = chooseAmong(view.hosts(), build);
        }
        return host;
    }

    private String chooseAmong(List<HostState> hosts, BuildRequest build) {
        Ratios ratios = ratios();
        List<String> groupHosts = build.groupId() == null ? List.of() : repo.groupHosts(build.groupId(), build.instanceUuid());
        FilterContext context = new FilterContext(Instant.now(), config.serviceDownTime(), ratios, groupHosts);
        List<HostState> candidates = Weighers.preferGroup(order(Filters.apply(Filters.DEFAULT, hosts, build, context), ratios),
                build.groupPolicy(), groupHosts);
        // a soft policy is first claimed as its hard one, which the claim judges under the group's lock on the
        // group's latest members (servers of one request are scheduled at once, each unaware of the others);
        // only when no host can have it that way does any host do
        String hard = SOFT_TO_HARD.get(build.groupPolicy() == null ? "" : build.groupPolicy());
        String host = hard == null ? null : claimFirst(candidates, build, hard, ratios);
        return host != null ? host : claimFirst(candidates, build, build.groupPolicy(), ratios);
    }

    /** The first of the candidates a claim succeeds on (or the host an earlier decision holds), or null. */
    private String claimFirst(List<HostState> candidates, BuildRequest build, String groupPolicy, Ratios ratios) {
        for (HostState candidate : candidates) {
            Allocation wanted = new Allocation(build.instanceUuid(), candidate.host(), build.vcpus(), build.memoryMb(), build.diskGb(),
                    build.groupId());
            SchedulerRepo.Claim claim = claims.record(() -> repo.claim(wanted, groupPolicy, ratios, Instant.now(), build.triedHosts()));
            switch (claim.result()) {
                case CLAIMED -> {
                    view.claimed(wanted);
                    return claim.host();
                }
                case HELD -> {
                    return claim.host(); // decided before a crash or a redelivery: decide the same way
                }
                default -> LOG.debugf("claim of %s on %s refused: %s", build.instanceUuid(), candidate.host(), claim.result());
            }
        }
        return null;
    }

    private Ratios ratios() {
        return new Ratios(config.cpuAllocationRatio(), config.ramAllocationRatio(), config.diskAllocationRatio());
    }

    /** The best hosts with one of the first host-subset-size of them, chosen at random, moved to the front. */
    private List<HostState> subset(List<HostState> ordered) {
        int size = Math.min(Math.max(1, config.hostSubsetSize()), ordered.size());
        if (size <= 1) {
            return ordered;
        }
        List<HostState> picked = new ArrayList<>(ordered);
        picked.add(0, picked.remove(ThreadLocalRandom.current().nextInt(size)));
        return picked;
    }

    private List<HostState> order(List<HostState> hosts, Ratios ratios) {
        return switch (config.strategy()) {
            case "filter" -> subset(Weighers.order(hosts, ratios, new Weighers.Multipliers(config.ramWeightMultiplier(),
                    config.diskWeightMultiplier(), config.cpuWeightMultiplier())));
            case "simple" -> hosts.stream().sorted(Comparator.comparingInt(HostState::instances).thenComparing(HostState::host)).toList();
            case "chance", "zone" -> {
                List<HostState> shuffled = new ArrayList<>(hosts);
                Collections.shuffle(shuffled, ThreadLocalRandom.current());
                yield shuffled;
            }
            default -> throw new IllegalStateException("nova.scheduler.strategy must be filter, simple, chance or zone, not " + config.strategy());
        };
    }
}
