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
            case "fake" -> fakeDriver(config, fakeHostName(config, 1));
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
        if (!config.driver().equals("fake") || config.fakeHosts() <= 1) {
            return List.of(new ComputeNode(config.host().orElseGet(ComputeBeans::machineName), driver));
        }
        List<ComputeNode> nodes = new ArrayList<>();
        nodes.add(new ComputeNode(fakeHostName(config, 1), driver));
        for (int i = 2; i <= config.fakeHosts(); i++) {
            nodes.add(new ComputeNode(fakeHostName(config, i), fakeDriver(config, fakeHostName(config, i))));
        }
        return List.copyOf(nodes);
    }

    /** The n-th of the fake hosts: the host name, numbered when there are several. */
    private static String fakeHostName(ComputeConfig config, int n) {
        String host = config.host().orElseGet(ComputeBeans::machineName);
        return config.fakeHosts() <= 1 ? host : host + "-" + n;
    }

    /** A fake host whose instances, kept under the instances directory, outlive this process as real guests do. */
    private static FakeDriver fakeDriver(ComputeConfig config, String host) {
        return new FakeDriver(config.fakeVcpus(), config.fakeMemoryMb(), config.fakeDiskGb(),
                Path.of(config.instancesDir(), "fake-hypervisor", host));
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
