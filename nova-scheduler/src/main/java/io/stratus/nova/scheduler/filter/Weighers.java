package io.stratus.nova.scheduler.filter;

import io.stratus.nova.scheduler.repo.HostState;
import io.stratus.nova.scheduler.repo.Ratios;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Nova's weighers: free RAM, free disk and free vCPUs (with the allocation ratios), each normalised to
 * [0, 1] over the candidate hosts and scaled by its multiplier; a positive multiplier spreads servers,
 * a negative one stacks them. Hosts come back best first, ties in host-name order.
 */
public final class Weighers {

    private Weighers() {
    }

    public record Multipliers(double ram, double disk, double cpu) {
    }

    public static List<HostState> order(List<HostState> hosts, Ratios ratios, Multipliers multipliers) {
        double[] weights = new double[hosts.size()];
        add(weights, hosts, host -> host.memoryMb() * ratios.ram() - host.memoryMbUsed(), multipliers.ram());
        add(weights, hosts, host -> host.diskGb() * ratios.disk() - host.diskGbUsed(), multipliers.disk());
        add(weights, hosts, host -> host.vcpus() * ratios.cpu() - host.vcpusUsed(), multipliers.cpu());
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            indexes.add(i);
        }
        indexes.sort(Comparator.<Integer>comparingDouble(i -> -weights[i]).thenComparing(i -> hosts.get(i).host()));
        return indexes.stream().map(hosts::get).toList();
    }

    /**
     * A soft group policy's wish, over whatever order the strategy gave: hosts with more of the group's
     * members first for soft-affinity, fewer first for soft-anti-affinity, the strategy's order within
     * each count. Stronger than Nova's weighers (one weight among the others): the wish holds whenever
     * a host fits, which is what users of these policies expect.
     *
     * @param groupHosts the host of each other member, once per member
     */
    public static List<HostState> preferGroup(List<HostState> ordered, String policy, List<String> groupHosts) {
        int sign = "soft-affinity".equals(policy) ? -1 : "soft-anti-affinity".equals(policy) ? 1 : 0;
        if (sign == 0 || groupHosts.isEmpty()) {
            return ordered;
        }
        Map<String, Integer> members = new HashMap<>();
        for (String host : groupHosts) {
            members.merge(host, 1, Integer::sum);
        }
        List<HostState> sorted = new ArrayList<>(ordered);
        sorted.sort(Comparator.comparingInt(host -> sign * members.getOrDefault(host.host(), 0)));
        return sorted;
    }

    private static void add(double[] weights, List<HostState> hosts, ToDoubleFunction<HostState> free, double multiplier) {
        if (multiplier == 0 || hosts.isEmpty()) {
            return;
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (HostState host : hosts) {
            min = Math.min(min, free.applyAsDouble(host));
            max = Math.max(max, free.applyAsDouble(host));
        }
        for (int i = 0; i < hosts.size(); i++) {
            double normalised = max == min ? 0 : (free.applyAsDouble(hosts.get(i)) - min) / (max - min);
            weights[i] += multiplier * normalised;
        }
    }
}
