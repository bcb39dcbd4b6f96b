package io.stratus.swift.proxy.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratus.swift.ring.Device;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColocationTest {

    private static Device node(int id, int port, String device) {
        return new Device(id, 1, id, "127.0.0.1", port, device, 1.0, "");
    }

    @Test
    void replicasOnTheSameNodesReportToTheirOwnNodeOnly() {
        List<Device> objects = List.of(node(0, 6210, "d2"), node(1, 6200, "d1"), node(2, 6220, "d3"));
        List<Device> containers = List.of(node(0, 6200, "d1"), node(1, 6220, "d3"), node(2, 6210, "d2"));
        List<List<Device>> assigned = Colocation.assign(objects, containers);
        assertEquals(List.of(containers.get(2)), assigned.get(0));
        assertEquals(List.of(containers.get(0)), assigned.get(1));
        assertEquals(List.of(containers.get(1)), assigned.get(2));
    }

    @Test
    void aReplicaWithoutAPartnerOnItsNodeIsToldByTwoReporters() {
        List<Device> objects = List.of(node(0, 6200, "d1"), node(1, 6210, "d2"), node(2, 6220, "d3"));
        List<Device> containers = List.of(node(3, 6230, "d4"), node(4, 6240, "d5"), node(2, 6220, "d3"));
        List<List<Device>> assigned = Colocation.assign(objects, containers);
        for (Device container : containers) {
            long reporters = assigned.stream().filter(list -> list.contains(container)).count();
            assertEquals(container.port() == 6220 ? 1 : 2, reporters, "reporters of " + container);
        }
        assertEquals(List.of(containers.get(2)), assigned.get(2).subList(0, 1));
    }

    @Test
    void anAccountReplicaOnTheContainersNodeIsPreferred() {
        List<Device> accounts = List.of(node(0, 6200, "d1"), node(1, 6210, "d2"), node(2, 6220, "d3"));
        assertEquals(accounts.get(1), Colocation.single(node(9, 6210, "d2"), 0, accounts));
        assertEquals(accounts.get(2), Colocation.single(node(9, 6290, "d9"), 2, accounts));
    }
}
