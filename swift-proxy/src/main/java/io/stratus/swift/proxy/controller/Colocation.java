package io.stratus.swift.proxy.controller;

import io.stratus.swift.ring.Device;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses which replicas of the container (or account) each object (or container) replica reports
 * to. A report to a replica on the same storage node is a call inside that node's process, no HTTP,
 * and when that node goes down both sides go with it, so no live replica misses a row. Replicas
 * without a partner on their node are told by two reporters, so one node down still leaves a
 * live reporter for each of them.
 */
final class Colocation {

    private Colocation() {
    }

    static boolean sameNode(Device a, Device b) {
        return a.ip().equals(b.ip()) && a.port() == b.port();
    }

    /** For each reporter, in order, the targets it reports to. */
    static List<List<Device>> assign(List<Device> reporters, List<Device> targets) {
        List<List<Device>> assigned = new ArrayList<>();
        for (int i = 0; i < reporters.size(); i++) {
            assigned.add(new ArrayList<>());
        }
        boolean[] taken = new boolean[reporters.size()];
        List<Device> alone = new ArrayList<>();
        for (Device target : targets) {
            int partner = -1;
            for (int i = 0; i < reporters.size() && partner < 0; i++) {
                if (!taken[i] && sameNode(reporters.get(i), target)) {
                    partner = i;
                }
            }
            if (partner >= 0) {
                taken[partner] = true;
                assigned.get(partner).add(target);
            } else {
                alone.add(target);
            }
        }
        int n = reporters.size();
        for (int u = 0; u < alone.size() && n > 0; u++) {
            int first = (targets.indexOf(alone.get(u))) % n;
            assigned.get(first).add(alone.get(u));
            if (n > 1) {
                assigned.get((first + 1) % n).add(alone.get(u));
            }
        }
        return assigned;
    }

    /** The one target a reporter reports to: the one on its node, else the i-th. */
    static Device single(Device reporter, int index, List<Device> targets) {
        for (Device target : targets) {
            if (sameNode(reporter, target)) {
                return target;
            }
        }
        return targets.get(index % targets.size());
    }
}
