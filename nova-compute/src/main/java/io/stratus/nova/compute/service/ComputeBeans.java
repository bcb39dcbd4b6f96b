package io.stratus.nova.compute.service;

import io.stratus.nova.compute.virt.FakeDriver;
import io.stratus.nova.compute.virt.LibvirtDriver;
import io.stratus.nova.compute.virt.VirtDriver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import io.stratus.nova.compute.image.ImageCache;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The host's virt driver as configured, the hosts this process serves, and their image cache. */
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

    /** The hosts served: the configured driver's, and with the fake driver as many more fake ones as asked for. */
    @Produces
    @Singleton
    List<ComputeNode> nodes(ComputeConfig config, VirtDriver driver) {
        String host = config.host().orElseGet(ComputeBeans::machineName);
        if (!config.driver().equals("fake") || config.fakeHosts() <= 1) {
            return List.of(new ComputeNode(host, driver));
        }
        List<ComputeNode> nodes = new ArrayList<>();
        nodes.add(new ComputeNode(host + "-1", driver));
        for (int i = 2; i <= config.fakeHosts(); i++) {
            nodes.add(new ComputeNode(host + "-" + i, new FakeDriver(config.fakeVcpus(), config.fakeMemoryMb(), config.fakeDiskGb())));
        }
        return List.copyOf(nodes);
    }

    @Produces
    @Singleton
    ImageCache imageCache(ComputeConfig config) {
        return new ImageCache(Path.of(config.instancesDir()), null);
    }

    static String machineName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
