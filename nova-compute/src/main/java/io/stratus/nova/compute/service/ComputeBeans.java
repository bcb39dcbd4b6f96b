package io.stratus.nova.compute.service;

import io.stratus.nova.compute.virt.FakeDriver;
import io.stratus.nova.compute.virt.LibvirtDriver;
import io.stratus.nova.compute.virt.VirtDriver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** The host's virt driver, as configured. */
@ApplicationScoped
public class ComputeBeans {

    @Produces
    @Singleton
    VirtDriver driver(ComputeConfig config) {
        return switch (config.driver()) {
            case "fake" -> new FakeDriver(config.fakeVcpus(), config.fakeMemoryMb(), config.fakeDiskGb());
            case "libvirt" -> new LibvirtDriver(config.libvirtUri(), Path.of(config.instancesDir()), config.domainType(), config.cleanShutdown());
            default -> throw new IllegalArgumentException("nova.compute.driver must be libvirt or fake, not " + config.driver());
        };
    }

    void close(@Disposes VirtDriver driver) {
        driver.close();
    }
}
