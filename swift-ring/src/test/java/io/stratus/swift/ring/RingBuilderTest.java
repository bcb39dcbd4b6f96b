package io.stratus.swift.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ring properties Swift promises, checked on generated layouts (each seed a different cluster). */
class RingBuilderTest {

    private static final long HOUR = 500_000;

    /** A random cluster: 3 to 6 zones of 1 to 5 devices with weights 50 to 200, no zone over a third of the weight. */
    private static RingBuilder randomLayout(long seed, int partPower, int minPartHours) {
        Random random = new Random(seed);
        RingBuilder builder = new RingBuilder(partPower, 3, minPartHours);
        int zones = 3 + random.nextInt(4);
        double zoneWeight = 100 + random.nextInt(100);
        for (int z = 1; z <= zones; z++) {
            int devices = 1 + random.nextInt(5);
            double left = zoneWeight;
            for (int d = 0; d < devices; d++) {
                double weight = d == devices - 1 ? left : Math.max(1, Math.round(left / (devices - d) * (0.5 + random.nextDouble())));
                weight = Math.min(weight, left - (devices - d - 1));
                left -= weight;
                builder.addDevice(1, z, "127.0.0." + z, 6200 + d, "d" + d, weight, "");
            }
        }
        return builder;
    }

    private static int[][] snapshot(RingBuilder builder) {
        int parts = 1 << builder.partPower();
        int[][] copy = new int[builder.replicas()][parts];
        for (int r = 0; r < builder.replicas(); r++) {
            for (int p = 0; p < parts; p++) {
                copy[r][p] = builder.deviceOf(r, p);
            }
        }
        return copy;
    }

    private static boolean differs(int[][] before, int[][] after, int partition) {
        for (int r = 0; r < before.length; r++) {
            if (before[r][partition] != after[r][partition]) {
                return true;
            }
        }
        return false;
    }

    private static int replicasMoved(int[][] before, RingBuilder after, int partition) {
        Set<Integer> old = new HashSet<>();
        for (int[] row : before) {
            old.add(row[partition]);
        }
        int moved = 0;
        for (int r = 0; r < after.replicas(); r++) {
            if (!old.contains(after.deviceOf(r, partition))) {
                moved++;
            }
        }
        return moved;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void partitionsAreSpreadByWeightWithinOnePercentAndReplicasInDistinctZones(long seed) {
        RingBuilder builder = randomLayout(seed, 14, 1);
        RingBuilder.RebalanceResult result = builder.rebalance(HOUR);
        assertTrue(result.balancePercent() <= 1.0, "balance " + result.balancePercent() + "% for seed " + seed);
        assertEquals(0, result.dispersionProblems());
        assertEquals(List.of(), builder.validate());
        Ring ring = builder.toRing();
        for (int p = 0; p < ring.partitionCount(); p++) {
            Set<Long> zones = new HashSet<>();
            ring.primaries(p).forEach(d -> zones.add(d.zoneKey()));
            assertEquals(3, zones.size(), "partition " + p);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15})
    void addingADeviceMovesCloseToTheMinimumAndNeverTwoReplicasAtOnce(long seed) {
        RingBuilder builder = randomLayout(seed, 13, 1);
        builder.rebalance(HOUR);
        int[][] before = snapshot(builder);
        Device added = builder.addDevice(1, 1, "127.0.0.1", 6299, "new", 100, "");
        RingBuilder.RebalanceResult result = builder.rebalance(HOUR + 2);

        double totalWeight = builder.devices().stream().mapToDouble(Device::weight).sum();
        double minimum = added.weight() / totalWeight * (1 << 13) * 3;
        assertTrue(result.partitionReplicasMoved() >= Math.floor(minimum), "moved " + result.partitionReplicasMoved());
        assertTrue(result.partitionReplicasMoved() <= minimum * 1.10 + 10,
                "moved " + result.partitionReplicasMoved() + " for a minimum of " + minimum);
        for (int p = 0; p < 1 << 13; p++) {
            assertTrue(replicasMoved(before, builder, p) <= 1, "partition " + p + " moved two replicas at once");
        }
        assertTrue(result.balancePercent() <= 1.0, "balance " + result.balancePercent());
        assertEquals(0, result.dispersionProblems());
    }

    @Test
    void minPartHoursHoldsPartitionsThatJustMoved() {
        RingBuilder builder = randomLayout(21, 12, 24);
        builder.rebalance(HOUR);
        int[][] initial = snapshot(builder);
        builder.addDevice(1, 2, "127.0.0.2", 6299, "new", 150, "");
        builder.rebalance(HOUR + 25);
        int[][] afterFirst = snapshot(builder);
        builder.setWeight(builder.search("/new").get(0).id(), 400);
        builder.rebalance(HOUR + 26); // within 24 h of the last moves: those partitions stay
        int movedAgain = 0;
        for (int p = 0; p < 1 << 12; p++) {
            int changed = replicasMoved(afterFirst, builder, p);
            assertTrue(changed <= 1);
            if (differs(initial, afterFirst, p)) {
                assertEquals(0, changed, "partition " + p + " moved twice within min_part_hours");
            }
            movedAgain += changed;
        }
        assertTrue(movedAgain > 0, "partitions that did not move recently may still move");
        assertEquals(List.of(), builder.validate());
    }

    @Test
    void removingADeviceReassignsOnlyItsPartitions() {
        RingBuilder builder = randomLayout(31, 12, 1);
        builder.rebalance(HOUR);
        int[][] before = snapshot(builder);
        Device gone = builder.devices().get(0);
        builder.removeDevice(gone.id());
        builder.rebalance(HOUR + 2);
        assertEquals(List.of(), builder.validate());
        int held = 0;
        for (int[] row : before) {
            for (int dev : row) {
                held += dev == gone.id() ? 1 : 0;
            }
        }
        int changed = 0;
        for (int p = 0; p < 1 << 12; p++) {
            changed += replicasMoved(before, builder, p);
        }
        assertTrue(changed >= held && changed <= held * 1.15 + 10, "changed " + changed + ", held " + held);
        for (int p = 0; p < 1 << 12; p++) {
            for (int r = 0; r < 3; r++) {
                assertNotEquals(gone.id(), builder.deviceOf(r, p));
            }
        }
    }

    @Test
    void fewerZonesThanReplicasStillSpreadsOverDevices() {
        RingBuilder builder = new RingBuilder(10, 3, 1);
        for (int d = 0; d < 4; d++) {
            builder.addDevice(1, 1 + d % 2, "127.0.0.1", 6200 + d, "d" + d, 100, "");
        }
        builder.rebalance(HOUR);
        assertEquals(List.of(), builder.validate());
        Ring ring = builder.toRing();
        for (int p = 0; p < ring.partitionCount(); p++) {
            Set<Long> zones = new HashSet<>();
            Set<Integer> devices = new HashSet<>();
            ring.primaries(p).forEach(d -> {
                zones.add(d.zoneKey());
                devices.add(d.id());
            });
            assertEquals(2, zones.size());
            assertEquals(3, devices.size());
        }
    }

    @Test
    void lookupsAreDeterministicAndHandoffsStable() {
        RingBuilder builder = randomLayout(41, 10, 1);
        builder.rebalance(HOUR);
        Ring ring = builder.toRing();
        PathHasher hasher = new PathHasher("prefix", "suffix");
        int partition = ring.partition(hasher, "AUTH_test", "photos", "cat.jpg");
        assertEquals(partition, ring.partition(hasher, "AUTH_test", "photos", "cat.jpg"));
        List<Device> handoffs = ring.handoffs(partition);
        assertEquals(handoffs, ring.handoffs(partition));
        assertEquals(builder.devices().size() - 3, handoffs.size());
        Set<Integer> primaryIds = new HashSet<>();
        ring.primaries(partition).forEach(d -> primaryIds.add(d.id()));
        handoffs.forEach(d -> assertFalse(primaryIds.contains(d.id())));
        // handoffs in a zone no primary uses come first
        Set<Long> primaryZones = new HashSet<>();
        ring.primaries(partition).forEach(d -> primaryZones.add(d.zoneKey()));
        boolean seenUsedZone = false;
        for (Device d : handoffs) {
            boolean used = primaryZones.contains(d.zoneKey());
            assertFalse(seenUsedZone && !used, "a fresh-zone handoff after a used-zone one");
            seenUsedZone |= used;
        }
    }

    @Test
    void partitionIsTheTopBitsOfTheMd5() {
        byte[] digest = new PathHasher("", "").hash("a", "c", "o");
        int expected = ((digest[0] & 0xff) << 2) | ((digest[1] & 0xff) >> 6);
        assertEquals(expected, PathHasher.partition(digest, 10));
    }

    @Test
    void builderAndRingFilesRoundTrip(@TempDir Path dir) throws Exception {
        RingBuilder builder = randomLayout(51, 10, 1);
        builder.rebalance(HOUR);
        builder.save(dir.resolve("object.builder"));
        RingBuilder loaded = RingBuilder.load(dir.resolve("object.builder"));
        assertEquals(builder.devices(), loaded.devices());
        for (int p = 0; p < 1 << 10; p++) {
            for (int r = 0; r < 3; r++) {
                assertEquals(builder.deviceOf(r, p), loaded.deviceOf(r, p));
            }
        }
        builder.toRing().write(dir.resolve("object.ring.gz"));
        Ring ring = Ring.read(dir.resolve("object.ring.gz"));
        assertEquals(builder.toRing().primaries(77), ring.primaries(77));
        Map<Integer, Integer> counts = ring.partsPerDevice();
        assertEquals(3 * 1024, counts.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void aServerSeesARebalancedRingWithoutRestart(@TempDir Path dir) throws Exception {
        RingBuilder builder = randomLayout(61, 8, 0);
        builder.rebalance(HOUR);
        Path file = dir.resolve("object.ring.gz");
        builder.toRing().write(file);
        RingWatcher watcher = new RingWatcher(file, 0);
        int devicesBefore = watcher.ring().devices().size();
        builder.addDevice(1, 1, "127.0.0.9", 6200, "x", 100, "");
        builder.rebalance(HOUR + 1);
        builder.toRing().write(file);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertEquals(devicesBefore + 1, watcher.ring().devices().size());
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RingBuilder(0, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> new RingBuilder(10, 0, 1));
        RingBuilder builder = new RingBuilder(8, 3, 1);
        assertThrows(IllegalArgumentException.class, () -> builder.addDevice(1, 1, "127.0.0.1", 0, "d", 1, ""));
        assertThrows(IllegalArgumentException.class, () -> builder.addDevice(1, 1, "127.0.0.1", 6200, "a/b", 1, ""));
        assertThrows(IllegalArgumentException.class, () -> builder.addDevice(1, 1, "127.0.0.1", 6200, "d", -1, ""));
        builder.addDevice(1, 1, "127.0.0.1", 6200, "d", 1, "");
        assertThrows(IllegalArgumentException.class, () -> builder.addDevice(1, 2, "127.0.0.1", 6200, "d", 1, ""));
        assertThrows(IllegalStateException.class, () -> builder.rebalance(HOUR)); // one device cannot hold 3 replicas
        assertThrows(IllegalStateException.class, builder::toRing);
        assertThrows(IllegalArgumentException.class, () -> builder.search("zz top"));
        assertEquals(1, builder.search("r1z1-127.0.0.1:6200/d").size());
    }
}
