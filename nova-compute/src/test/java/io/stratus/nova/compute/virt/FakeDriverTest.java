package io.stratus.nova.compute.virt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FakeDriverTest extends VirtDriverContract {

    @Override
    VirtDriver newDriver(Path instancesDir) {
        return new FakeDriver(8, 16384, 100);
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
}
