package io.stratus.nova.scheduler.filter;

import io.stratus.common.nova.BuildRequest;
import io.stratus.common.nova.ComputeReport;
import io.stratus.nova.scheduler.repo.HostState;
import io.stratus.nova.scheduler.repo.SchedulerRepo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/** Nova's filters, applied in order; the log says which one left no host, as Nova's does. */
public final class Filters {

    private static final Logger LOG = Logger.getLogger(Filters.class);
    private static final String DEFAULT_ZONE = "nova";
    private static final String EXTRA_SPECS_SCOPE = "aggregate_instance_extra_specs:";

    /** Nova's default filter list, plus the aggregate metadata filter. */
    public static final List<HostFilter> DEFAULT = List.of(
            filter("RetryFilter", (host, request, context) -> !request.triedHosts().contains(host.host())),
            filter("ComputeFilter", (host, request, context) -> !request.disabledHosts().contains(host.host())
                    && Duration.between(host.lastSeen(), context.now()).compareTo(context.serviceDownTime()) <= 0),
            filter("AvailabilityZoneFilter", (host, request, context) -> request.availabilityZone() == null
                    || request.availabilityZone().equals(zone(host, request))),
            filter("RamFilter", (host, request, context) -> context.ratios().fits(host, 0, request.memoryMb(), 0)),
            filter("DiskFilter", (host, request, context) -> context.ratios().fits(host, 0, 0, request.diskGb())),
            filter("CoreFilter", (host, request, context) -> context.ratios().fits(host, request.vcpus(), 0, 0)),
            filter("ImagePropertiesFilter", Filters::imageProperties),
            filter("AggregateInstanceExtraSpecsFilter", Filters::aggregateExtraSpecs),
            filter("ServerGroupAffinityFilter", (host, request, context) -> !"affinity".equals(request.groupPolicy())
                    || SchedulerRepo.groupAllows("affinity", context.groupHosts(), host.host())),
            filter("ServerGroupAntiAffinityFilter", (host, request, context) -> !"anti-affinity".equals(request.groupPolicy())
                    || SchedulerRepo.groupAllows("anti-affinity", context.groupHosts(), host.host())));

    private Filters() {
    }

    public static List<HostState> apply(List<HostFilter> filters, List<HostState> hosts, BuildRequest request, FilterContext context) {
        List<HostState> remaining = hosts;
        for (HostFilter filter : filters) {
            List<HostState> passed = new ArrayList<>();
            for (HostState host : remaining) {
                if (filter.passes(host, request, context)) {
                    passed.add(host);
                }
            }
            if (passed.isEmpty()) {
                LOG.infof("Filter %s returned 0 hosts for server %s", filter.name(), request.instanceUuid());
                return passed;
            }
            remaining = passed;
        }
        return remaining;
    }

    static String zone(HostState host, BuildRequest request) {
        Map<String, String> metadata = request.hostAggregateMetadata().getOrDefault(host.host(), Map.of());
        return metadata.getOrDefault("availability_zone", DEFAULT_ZONE);
    }

    /**
     * The image's hypervisor_type must be the host's (case aside), and its architecture (or
     * hw_architecture) the host's CPU's, under either's usual names; an image naming neither goes anywhere,
     * and one naming an architecture not to a host that never said its own.
     */
    static boolean imageProperties(HostState host, BuildRequest request, FilterContext context) {
        Map<String, String> properties = request.imageProperties();
        String hypervisor = properties.get("hypervisor_type");
        if (hypervisor != null && !hypervisor.toLowerCase(Locale.ROOT).equals(host.hypervisorType().toLowerCase(Locale.ROOT))) {
            return false;
        }
        String architecture = ComputeReport.canonicalArchitecture(properties.getOrDefault("architecture", properties.get("hw_architecture")));
        return architecture == null || architecture.equals(host.architecture());
    }

    /** Each flavor extra spec in the aggregate_instance_extra_specs scope (or unscoped) must match the host's aggregate metadata. */
    static boolean aggregateExtraSpecs(HostState host, BuildRequest request, FilterContext context) {
        Map<String, String> metadata = request.hostAggregateMetadata().getOrDefault(host.host(), Map.of());
        for (Map.Entry<String, String> spec : request.flavorExtraSpecs().entrySet()) {
            String key = spec.getKey();
            if (key.contains(":") && !key.startsWith(EXTRA_SPECS_SCOPE)) {
                continue; // another filter's or the driver's spec
            }
            String name = key.startsWith(EXTRA_SPECS_SCOPE) ? key.substring(EXTRA_SPECS_SCOPE.length()) : key;
            String have = metadata.get(name);
            if (have == null || !have.equals(spec.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** A filter's test. */
    @FunctionalInterface
    interface Check {
        boolean passes(HostState host, BuildRequest request, FilterContext context);
    }

    private static HostFilter filter(String name, Check check) {
        return new HostFilter() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean passes(HostState host, BuildRequest request, FilterContext context) {
                return check.passes(host, request, context);
            }
        };
    }
}
