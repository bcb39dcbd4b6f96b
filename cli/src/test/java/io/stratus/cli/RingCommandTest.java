package io.stratus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.stratus.swift.ring.Ring;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `stratus ring` as an operator uses it: create, add, rebalance, show, validate, grow, remove. */
@QuarkusMainTest
class RingCommandTest {

    @TempDir
    Path dir;

    @Test
    void buildAThreeZoneObjectRingThenGrowIt(QuarkusMainLauncher launcher) throws Exception {
        String builder = dir.resolve("object.builder").toString();
        assertEquals(0, launcher.launch("ring", "create", builder, "10", "3", "0").exitCode());
        for (int z = 1; z <= 3; z++) {
            LaunchResult added = launcher.launch("ring", "add", builder, "r1z" + z + "-127.0.0.1:" + (6200 + z * 10) + "/d" + z, "100");
            assertEquals(0, added.exitCode(), added.getErrorOutput());
        }
        LaunchResult rebalanced = launcher.launch("ring", "rebalance", builder);
        assertEquals(0, rebalanced.exitCode(), rebalanced.getErrorOutput());
        assertTrue(rebalanced.getOutput().contains("balance 0.00%"), rebalanced.getOutput());
        Ring ring = Ring.read(dir.resolve("object.ring.gz"));
        for (int p = 0; p < ring.partitionCount(); p++) {
            Set<Integer> zones = new HashSet<>();
            ring.primaries(p).forEach(d -> zones.add(d.zone()));
            assertEquals(3, zones.size());
        }
        assertEquals(0, launcher.launch("ring", "validate", builder).exitCode());

        assertEquals(0, launcher.launch("ring", "add", builder, "r1z1-127.0.0.1:6299/d4", "100").exitCode());
        assertEquals(0, launcher.launch("ring", "rebalance", builder).exitCode());
        LaunchResult show = launcher.launch("ring", "show", builder);
        assertTrue(show.getOutput().contains("d4"), show.getOutput());
        assertEquals(4, Ring.read(dir.resolve("object.ring.gz")).partsPerDevice().size());

        assertEquals(0, launcher.launch("ring", "set-weight", builder, "/d4", "50").exitCode());
        assertEquals(0, launcher.launch("ring", "remove", builder, "/d4").exitCode());
        assertEquals(0, launcher.launch("ring", "rebalance", builder).exitCode());
        assertEquals(3, Ring.read(dir.resolve("object.ring.gz")).partsPerDevice().size());
    }

    @Test
    void mistakesGetAClearError(QuarkusMainLauncher launcher) throws Exception {
        String builder = dir.resolve("account.builder").toString();
        LaunchResult missing = launcher.launch("ring", "show", builder);
        assertEquals(2, missing.exitCode());
        assertTrue(missing.getErrorOutput().contains("ring create first"), missing.getErrorOutput());
        assertEquals(0, launcher.launch("ring", "create", builder, "8", "3", "1").exitCode());
        LaunchResult badDevice = launcher.launch("ring", "add", builder, "zone1-localhost/d1", "100");
        assertEquals(2, badDevice.exitCode());
        LaunchResult notEnough = launcher.launch("ring", "rebalance", builder);
        assertEquals(2, notEnough.exitCode());
        assertEquals(1, launcher.launch("ring", "validate", builder).exitCode());
    }
}
