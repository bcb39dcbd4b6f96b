package io.stratus.nova.compute.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stratus.common.context.RequestContext;
import io.stratus.common.nova.ComputeReport;
import io.stratus.common.nova.InstanceEvent;
import io.stratus.common.nova.NovaTopics;
import io.stratus.common.rpc.RpcConnection;
import io.stratus.nova.compute.virt.HostResources;
import io.stratus.nova.compute.virt.PowerState;
import io.stratus.nova.compute.virt.VirtDriver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The resource tracker's report: every interval, for each host served, what the hypervisor has and uses
 * goes out on the compute reports fanout, and its servers' power states to the conductor. A report that
 * fails (RabbitMQ away, libvirt busy) is logged and the next one tries again; nova-api marks the host down only when reports stop for the service down time.
 */
@ApplicationScoped
public class ResourceReporter {

    private static final Logger LOG = Logger.getLogger(ResourceReporter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ComputeConfig config;

    @Inject
    List<ComputeNode> nodes;

    @Inject
    ComputeManager manager;

    @Inject
    RpcConnection rpc;

    @Inject
    NovaTopics topics;

    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "resource-report");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::reportQuietly, 0, config.reportInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    ComputeReport report(ComputeNode node) {
        VirtDriver driver = node.driver();
        HostResources resources = driver.hostResources();
        int running = (int) driver.instances().stream().filter(uuid -> driver.powerState(uuid) == PowerState.RUNNING).count();
        String type = config.driver().equals("fake") ? "fake" : config.libvirtUri().startsWith("test:") ? "test" : "QEMU";
        return new ComputeReport(node.host(), node.host(), type, driver.hypervisorVersion(), "127.0.0.1", resources.vcpus(), resources.vcpusUsed(),
                resources.memoryMb(), resources.memoryMbUsed(), resources.diskGb(), resources.diskGbUsed(), running,
                ComputeReport.canonicalArchitecture(System.getProperty("os.arch")));
    }

    private void reportQuietly() {
        try {
            for (ComputeNode node : nodes) {
                rpc.fanout(topics.reports(), JSON.valueToTree(report(node)), RequestContext.anonymous(null));
                // the power-state sync: the conductor notices a server that stopped or vanished behind Nova's back
                long sampledAt = System.currentTimeMillis();
                rpc.cast(topics.exchange(), topics.conductor(), JSON.valueToTree(InstanceEvent.power(node.host(),
                        manager.powerStates(node.driver()), sampledAt)), RequestContext.anonymous(null));
            }
        } catch (RuntimeException e) {
            LOG.warnf("the resource report did not go out: %s", e.getMessage());
        }
    }
}
