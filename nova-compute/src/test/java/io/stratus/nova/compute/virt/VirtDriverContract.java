package io.stratus.nova.compute.virt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every driver must do, run against each of them. */
abstract class VirtDriverContract {

    @TempDir
    Path instances;

    VirtDriver driver;

    abstract VirtDriver newDriver(Path instancesDir);

    @BeforeEach
    void open() {
        driver = newDriver(instances);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    static InstanceSpec spec() {
        return new InstanceSpec(UUID.randomUUID().toString(), 2, 512, 1, Map.of("hw_disk_bus", "virtio"));
    }

    @Test
    void anInstanceMovesThroughItsPowerStates() {
        InstanceSpec spec = spec();
        String uuid = spec.uuid();
        driver.spawn(spec, instances.resolve(uuid).resolve("disk"));
        assertEquals(PowerState.RUNNING, driver.powerState(uuid));
        assertTrue(driver.instances().contains(uuid));

        driver.pause(uuid);
        assertEquals(PowerState.PAUSED, driver.powerState(uuid));
        assertThrows(VirtException.class, () -> driver.pause(uuid));
        driver.unpause(uuid);
        assertEquals(PowerState.RUNNING, driver.powerState(uuid));

        driver.suspend(uuid);
        assertEquals(PowerState.SUSPENDED, driver.powerState(uuid));
        driver.resume(uuid);
        assertEquals(PowerState.RUNNING, driver.powerState(uuid));

        driver.reboot(uuid, false);
        assertEquals(PowerState.RUNNING, driver.powerState(uuid));
        driver.powerOff(uuid);
        assertEquals(PowerState.SHUTDOWN, driver.powerState(uuid));
        assertThrows(VirtException.class, () -> driver.pause(uuid));
        driver.powerOn(uuid);
        assertEquals(PowerState.RUNNING, driver.powerState(uuid));
        driver.powerOff(uuid);
        driver.reboot(uuid, true); // a hard reboot starts a stopped instance
        assertEquals(PowerState.RUNNING, driver.powerState(uuid));

        driver.destroy(uuid);
        assertEquals(PowerState.NOSTATE, driver.powerState(uuid));
        assertFalse(driver.instances().contains(uuid));
        driver.destroy(uuid); // twice does no harm
    }

    @Test
    void aSuspendedInstanceCanBeDestroyed() {
        InstanceSpec spec = spec();
        driver.spawn(spec, instances.resolve("disk"));
        driver.suspend(spec.uuid());
        driver.destroy(spec.uuid());
        assertEquals(PowerState.NOSTATE, driver.powerState(spec.uuid()));
        assertFalse(driver.instances().contains(spec.uuid()));
    }

    @Test
    void operationsOnAnUnknownInstanceSaySo() {
        String unknown = UUID.randomUUID().toString();
        assertEquals(PowerState.NOSTATE, driver.powerState(unknown));
        assertThrows(VirtException.InstanceNotFound.class, () -> driver.pause(unknown));
        assertThrows(VirtException.InstanceNotFound.class, () -> driver.powerOn(unknown));
        assertThrows(VirtException.InstanceNotFound.class, () -> driver.reboot(unknown, true));
        assertThrows(VirtException.InstanceNotFound.class, () -> driver.consoleOutput(unknown));
    }

    @Test
    void theHostReportsWhatItsInstancesTake() {
        HostResources before = driver.hostResources();
        InstanceSpec spec = spec();
        driver.spawn(spec, instances.resolve("disk"));
        HostResources during = driver.hostResources();
        assertEquals(before.vcpusUsed() + 2, during.vcpusUsed());
        assertEquals(before.memoryMbUsed() + 512, during.memoryMbUsed());
        assertTrue(during.vcpus() > 0 && during.memoryMb() > 0 && during.diskGb() > 0, during.toString());
        driver.destroy(spec.uuid());
        assertEquals(before.vcpusUsed(), driver.hostResources().vcpusUsed());
    }

    @Test
    void theSameInstanceCannotBeBuiltTwice() {
        InstanceSpec spec = spec();
        driver.spawn(spec, instances.resolve("disk"));
        assertThrows(VirtException.class, () -> driver.spawn(spec, instances.resolve("disk")));
        assertEquals(PowerState.RUNNING, driver.powerState(spec.uuid()));
        driver.destroy(spec.uuid());
    }
}
