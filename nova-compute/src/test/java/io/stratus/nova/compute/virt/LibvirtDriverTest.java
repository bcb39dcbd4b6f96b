package io.stratus.nova.compute.virt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The libvirt driver against libvirt's own test hypervisor (`test:///default`: real libvirt, in process, no daemon). */
class LibvirtDriverTest extends VirtDriverContract {

    @Override
    VirtDriver newDriver(Path instancesDir) {
        return new LibvirtDriver("test:///default", instancesDir, "test", Duration.ofSeconds(5));
    }

    @Test
    void anImagePropertyLibvirtWouldNotKnowStopsTheBuildBeforeAnythingIsDefined() {
        InstanceSpec spec = new InstanceSpec(UUID.randomUUID().toString(), 1, 256, 1, Map.of("hw_disk_bus", "floppy"));
        VirtException refused = assertThrows(VirtException.class, () -> driver.spawn(spec, instances.resolve("disk")));
        assertTrue(refused.getMessage().contains("hw_disk_bus=floppy"), refused.getMessage());
        assertFalse(driver.instances().contains(spec.uuid()));
    }

    @Test
    void theConsoleLogIsReadFromTheInstancesFolder() throws Exception {
        InstanceSpec spec = spec();
        driver.spawn(spec, instances.resolve("disk"));
        assertEquals("", driver.consoleOutput(spec.uuid())); // the test hypervisor runs no guest to write it
        java.nio.file.Files.writeString(instances.resolve(spec.uuid()).resolve("console.log"), "login: ");
        assertEquals("login: ", driver.consoleOutput(spec.uuid()));
        driver.destroy(spec.uuid());
    }

    @Test
    void anNmiGoesToTheDomainThroughLibvirt() {
        InstanceSpec spec = spec();
        driver.spawn(spec, instances.resolve("disk"));
        driver.injectNmi(spec.uuid());
        driver.powerOff(spec.uuid());
        VirtException stopped = assertThrows(VirtException.class, () -> driver.injectNmi(spec.uuid()));
        assertTrue(stopped.getMessage().contains("not running"), stopped.getMessage());
        assertThrows(VirtException.InstanceNotFound.class, () -> driver.injectNmi(UUID.randomUUID().toString()));
        driver.destroy(spec.uuid());
    }

    @Test
    void aMissingHypervisorIsAClearError() {
        VirtException error = assertThrows(VirtException.class,
                () -> new LibvirtDriver("qemu+unix:///system?socket=/nonexistent/sock", instances, "qemu", Duration.ofSeconds(1)));
        assertTrue(error.getMessage().contains("cannot open libvirt"), error.getMessage());
    }
}
