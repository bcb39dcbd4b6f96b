package io.stratus.nova.api.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.stratus.common.nova.ComputeReport;
import io.stratus.common.nova.NovaTopics;
import io.stratus.common.rpc.RpcConnection;
import io.stratus.nova.api.repo.ComputeHost;
import io.stratus.nova.api.repo.ComputeHostRepo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Records what compute hosts report on their fanout (each nova-api keeps the same rows current, an
 * upsert per report), and says which hosts are up: those heard from within `service_down_time` and not forced down.
 */
@ApplicationScoped
public class ComputeReports {

    private static final Logger LOG = Logger.getLogger(ComputeReports.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RpcConnection rpc;

    @Inject
    NovaTopics topics;

    @Inject
    ComputeHostRepo hosts;

    /** Nova's service_down_time. */
    @ConfigProperty(name = "nova.service-down-time", defaultValue = "60s")
    Duration serviceDownTime;

    /** Reporting within service_down_time, and not forced down. */
    public boolean up(ComputeHost host) {
        return !host.forcedDown() && Duration.between(host.lastSeenUp(), Instant.now()).compareTo(serviceDownTime) <= 0;
    }

    void onStart(@Observes StartupEvent event) {
        rpc.subscribe(topics.reports(), message -> {
            ComputeReport report;
            try {
                report = JSON.treeToValue(message.payload(), ComputeReport.class);
            } catch (IOException e) {
                LOG.warnf("ignoring a malformed compute report: %s", e.getMessage());
                return;
            }
            if (!report.hasUsableHost()) {
                LOG.warnf("ignoring a compute report without a usable host name");
                return;
            }
            hosts.record(report, Instant.now());
        });
    }
}
