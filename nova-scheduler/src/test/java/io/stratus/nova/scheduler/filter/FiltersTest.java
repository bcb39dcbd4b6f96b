package io.stratus.nova.scheduler.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratus.common.nova.BuildRequest;
import io.stratus.nova.scheduler.repo.HostState;
import io.stratus.nova.scheduler.repo.Ratios;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiltersTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final Ratios RATIOS = new Ratios(16.0, 1.5, 1.0);

    private static HostState host(String name, int vcpusUsed, long memoryUsed, long diskUsed) {
        return new HostState(name, "QEMU", "x86_64", 4, 4096, 100, NOW.minusSeconds(5), vcpusUsed, memoryUsed, diskUsed, 0);
    }

    private static BuildRequest request(int vcpus, int memoryMb, int rootGb, String zone, String groupPolicy, Map<String, String> specs,
                                        Map<String, String> imageProperties, List<String> disabled,
                                        Map<String, Map<String, String>> hostMetadata, List<String> tried) {
        return new BuildRequest("uuid-1", "project", "s", vcpus, memoryMb, rootGb, 0, 0, specs, "image", null, 0, imageProperties, null, null,
                null, zone, groupPolicy == null ? null : "group-1", groupPolicy, disabled, hostMetadata, 1, tried);
    }

    private static BuildRequest simple(int vcpus, int memoryMb, int rootGb) {
        return request(vcpus, memoryMb, rootGb, null, null, Map.of(), Map.of(), List.of(), Map.of(), List.of());
    }

    private static List<String> pass(List<HostState> hosts, BuildRequest request, List<String> groupHosts) {
        return Filters.apply(Filters.DEFAULT, hosts, request, new FilterContext(NOW, Duration.ofSeconds(60), RATIOS, groupHosts)).stream()
                .map(HostState::host).toList();
    }

    @Test
    void resourcesCountWithTheirAllocationRatios() {
        // RAM 4096 * 1.5 = 6144: 6000 used leaves 144; disk ratio 1.0: 100 GiB; vCPUs 4 * 16 = 64
        List<HostState> hosts = List.of(host("full-ram", 0, 6000, 0), host("full-disk", 0, 0, 95), host("full-cpu", 63, 0, 0),
                host("roomy", 0, 0, 0));
        assertEquals(List.of("full-disk", "full-cpu", "roomy"), pass(hosts, simple(1, 512, 1), List.of()));
        assertEquals(List.of("full-ram", "roomy"), pass(hosts, simple(2, 128, 10), List.of()));
        assertEquals(List.of(), pass(hosts, simple(1, 6145, 1), List.of()), "more than a host has, overcommitted: nowhere");
    }

    @Test
    void disabledDownAndTriedHostsAreLeftOut() {
        HostState down = new HostState("down", "QEMU", "x86_64", 4, 4096, 100, NOW.minusSeconds(61), 0, 0, 0, 0);
        List<HostState> hosts = List.of(host("a", 0, 0, 0), host("b", 0, 0, 0), host("c", 0, 0, 0), down);
        BuildRequest request = request(1, 512, 1, null, null, Map.of(), Map.of(), List.of("b"), Map.of(), List.of("c"));
        assertEquals(List.of("a"), pass(hosts, request, List.of()));
    }

    @Test
    void availabilityZonesComeFromAggregateMetadataAndDefaultToNova() {
        List<HostState> hosts = List.of(host("a", 0, 0, 0), host("b", 0, 0, 0));
        Map<String, Map<String, String>> metadata = Map.of("b", Map.of("availability_zone", "rack-2"));
        assertEquals(List.of("b"), pass(hosts, request(1, 512, 1, "rack-2", null, Map.of(), Map.of(), List.of(), metadata, List.of()), List.of()));
        assertEquals(List.of("a"), pass(hosts, request(1, 512, 1, "nova", null, Map.of(), Map.of(), List.of(), metadata, List.of()), List.of()));
        assertEquals(List.of("a", "b"), pass(hosts, request(1, 512, 1, null, null, Map.of(), Map.of(), List.of(), metadata, List.of()), List.of()));
    }

    @Test
    void imageHypervisorTypeAndAggregateExtraSpecsMustMatch() {
        HostState xen = new HostState("xen", "xen", "x86_64", 4, 4096, 100, NOW, 0, 0, 0, 0);
        List<HostState> hosts = List.of(host("a", 0, 0, 0), host("b", 0, 0, 0), xen);
        assertEquals(List.of("a", "b"), pass(hosts, request(1, 512, 1, null, null, Map.of(), Map.of("hypervisor_type", "qemu"), List.of(),
                Map.of(), List.of()), List.of()));
        Map<String, Map<String, String>> metadata = Map.of("b", Map.of("ssd", "true"));
        Map<String, String> specs = Map.of("aggregate_instance_extra_specs:ssd", "true", "hw:cpu_policy", "shared");
        assertEquals(List.of("b"), pass(hosts, request(1, 512, 1, null, null, specs, Map.of(), List.of(), metadata, List.of()), List.of()));
    }

    @Test
    void imageArchitectureMustBeTheHostsUnderAnyOfItsNames() {
        HostState arm = new HostState("arm", "QEMU", "aarch64", 4, 4096, 100, NOW, 0, 0, 0, 0);
        HostState silent = new HostState("silent", "QEMU", null, 4, 4096, 100, NOW, 0, 0, 0, 0);
        List<HostState> hosts = List.of(host("a", 0, 0, 0), arm, silent);
        assertEquals(List.of("a"), pass(hosts, request(1, 512, 1, null, null, Map.of(), Map.of("architecture", "x86_64"), List.of(), Map.of(),
                List.of()), List.of()));
        assertEquals(List.of("a"), pass(hosts, request(1, 512, 1, null, null, Map.of(), Map.of("architecture", "AMD64"), List.of(), Map.of(),
                List.of()), List.of()));
        assertEquals(List.of("arm"), pass(hosts, request(1, 512, 1, null, null, Map.of(), Map.of("hw_architecture", "arm64"), List.of(),
                Map.of(), List.of()), List.of()));
        assertEquals(List.of(), pass(hosts, request(1, 512, 1, null, null, Map.of(), Map.of("architecture", "ppc64le"), List.of(), Map.of(),
                List.of()), List.of()));
        assertEquals(List.of("a", "arm", "silent"), pass(hosts, request(1, 512, 1, null, null, Map.of(), Map.of(), List.of(), Map.of(),
                List.of()), List.of()));
    }

    @Test
    void serverGroupsKeepTheirMembersTogetherOrApart() {
        List<HostState> hosts = List.of(host("a", 0, 0, 0), host("b", 0, 0, 0), host("c", 0, 0, 0));
        BuildRequest apart = request(1, 512, 1, null, "anti-affinity", Map.of(), Map.of(), List.of(), Map.of(), List.of());
        assertEquals(List.of("c"), pass(hosts, apart, List.of("a", "b")));
        BuildRequest together = request(1, 512, 1, null, "affinity", Map.of(), Map.of(), List.of(), Map.of(), List.of());
        assertEquals(List.of("b"), pass(hosts, together, List.of("b")));
        assertEquals(List.of("a", "b", "c"), pass(hosts, together, List.of()), "the first member may go anywhere");
    }

    @Test
    void weighersSpreadByDefaultAndStackWithNegativeMultipliers() {
        List<HostState> hosts = List.of(host("busy", 2, 3000, 50), host("idle", 0, 0, 0), host("middle", 1, 1000, 20));
        List<String> spread = Weighers.order(hosts, RATIOS, new Weighers.Multipliers(1, 1, 1)).stream().map(HostState::host).toList();
        assertEquals(List.of("idle", "middle", "busy"), spread);
        List<String> stack = Weighers.order(hosts, RATIOS, new Weighers.Multipliers(-1, -1, -1)).stream().map(HostState::host).toList();
        assertEquals(List.of("busy", "middle", "idle"), stack);
    }

    @Test
    void softPoliciesPassEveryHostThenOrderThemByTheGroupsMembers() {
        List<HostState> hosts = List.of(host("a", 0, 0, 0), host("b", 0, 0, 0), host("c", 0, 0, 0));
        List<String> members = List.of("c", "c", "b");
        BuildRequest near = request(1, 512, 1, null, "soft-affinity", Map.of(), Map.of(), List.of(), Map.of(), List.of());
        BuildRequest far = request(1, 512, 1, null, "soft-anti-affinity", Map.of(), Map.of(), List.of(), Map.of(), List.of());
        assertEquals(List.of("a", "b", "c"), pass(hosts, near, members), "a wish, not a filter");
        assertEquals(List.of("a", "b", "c"), pass(hosts, far, members));
        assertEquals(List.of("c", "b", "a"), names(Weighers.preferGroup(hosts, "soft-affinity", members)));
        assertEquals(List.of("a", "b", "c"), names(Weighers.preferGroup(List.of(hosts.get(2), hosts.get(1), hosts.get(0)),
                "soft-anti-affinity", members)));
        List<HostState> ordered = List.of(hosts.get(1), hosts.get(0), hosts.get(2));
        assertEquals(List.of("b", "a", "c"), names(Weighers.preferGroup(ordered, "soft-anti-affinity", List.of("c"))),
                "hosts alike for the group keep the strategy's order");
        assertEquals(names(ordered), names(Weighers.preferGroup(ordered, "anti-affinity", members)), "hard policies are the filters' work");
        assertEquals(names(ordered), names(Weighers.preferGroup(ordered, "soft-affinity", List.of())), "the first member goes anywhere");
    }

    private static List<String> names(List<HostState> hosts) {
        return hosts.stream().map(HostState::host).toList();
    }
}
