package io.stratus.nova.compute.virt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FakeDriverTest extends VirtDriverContract {

    @Override
    VirtDriver newDriver(Path instancesDir) {
        return new FakeDriver(8, 16384, 100, instancesDir.resolve("hypervisor"));
    }

    @Test
    void aRunningOrPausedInstanceTakesAnNmiAStoppedOneDoesNot() {
        InstanceSpec spec = spec();
        driver.spawn(spec, instances.resolve("disk"));
        driver.injectNmi(spec.uuid());
        driver.pause(spec.uuid());
        driver.injectNmi(spec.uuid());
        assertEquals(PowerState.PAUSED, driver.powerState(spec.uuid()));
        driver.unpause(spec.uuid());
        driver.powerOff(spec.uuid());
        assertThrows(VirtException.class, () -> driver.injectNmi(spec.uuid()));
        assertThrows(VirtException.InstanceNotFound.class, () -> driver.injectNmi("no-such-instance"));
    }

    @Test
    void aCrashedInstanceIsSeenAsCrashedAndCanBeStartedAgain() {
        InstanceSpec spec = spec();
        driver.spawn(spec, instances.resolve("disk"));
        ((FakeDriver) driver).crash(spec.uuid());
        assertEquals(PowerState.CRASHED, driver.powerState(spec.uuid()));
        driver.reboot(spec.uuid(), true);
        assertEquals(PowerState.RUNNING, driver.powerState(spec.uuid()));
    }

    @Test
    void instancesOutliveTheProcessThatStartedThem() {
        InstanceSpec running = spec();
        InstanceSpec paused = spec();
        InstanceSpec destroyed = spec();
        for (InstanceSpec spec : List.of(running, paused, destroyed)) {
            driver.spawn(spec, instances.resolve("disk"));
        }
        driver.pause(paused.uuid());
        driver.destroy(destroyed.uuid());
        driver.close();

        VirtDriver restarted = newDriver(instances);
        assertEquals(Set.of(paused.uuid(), running.uuid()), Set.copyOf(restarted.instances()));
        assertEquals(PowerState.RUNNING, restarted.powerState(running.uuid()));
        assertEquals(PowerState.PAUSED, restarted.powerState(paused.uuid()));
        assertEquals(PowerState.NOSTATE, restarted.powerState(destroyed.uuid()));
        assertEquals(4, restarted.hostResources().vcpusUsed());
        assertEquals(1024, restarted.hostResources().memoryMbUsed());
    }
}
