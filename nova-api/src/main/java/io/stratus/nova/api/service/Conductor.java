package io.stratus.nova.api.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stratus.common.context.RequestContext;
import io.stratus.common.nova.InstanceEvent;
import io.stratus.common.nova.NovaTopics;
import io.stratus.common.rpc.RpcConnection;
import io.stratus.common.rpc.RpcServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * nova-api's conductor role: serves the conductor queue (every nova-api shares it; a message is
 * acked only once applied), and fails builds that outlive {@code nova.build-timeout}.
 */
@ApplicationScoped
public class Conductor {

    private static final Logger LOG = Logger.getLogger(Conductor.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RpcConnection rpc;

    @Inject
    NovaTopics topics;

    @Inject
    ServerLifecycle lifecycle;

    @ConfigProperty(name = "nova.build-timeout", defaultValue = "10m")
    Duration buildTimeout;

    private RpcServer server;
    private ScheduledExecutorService watchdog;

    void start(@Observes StartupEvent event) {
        server = rpc.serve(topics.exchange(), topics.conductor(), topics.conductor(), 16, message -> {
            lifecycle.apply(JSON.treeToValue(message.payload(), InstanceEvent.class), message.context());
            return null;
        });
        watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "build-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, Math.min(60, buildTimeout.toSeconds() / 4));
        watchdog.scheduleWithFixedDelay(this::failStuckBuilds, period, period, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        if (server != null) {
            server.close();
        }
    }

    private void failStuckBuilds() {
        try {
            int failed = lifecycle.failStuckBuilds(Instant.now().minus(buildTimeout), RequestContext.anonymous("req-build-watchdog"));
            if (failed > 0) {
                LOG.warnf("%d server build(s) outlived %s and are now ERROR", failed, buildTimeout);
            }
        } catch (RuntimeException e) {
            LOG.warnf("build watchdog: %s", e.getMessage());
        }
    }
}
