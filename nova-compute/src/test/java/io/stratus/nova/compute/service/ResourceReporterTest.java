package io.stratus.nova.compute.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.stratus.common.nova.ComputeReport;
import io.stratus.common.nova.NovaTopics;
import io.stratus.common.rpc.RpcConnection;
import io.stratus.nova.compute.virt.InstanceSpec;
import io.stratus.nova.compute.virt.VirtDriver;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The fake host's reports, as another process on RabbitMQ receives them. */
@QuarkusTest
class ResourceReporterTest {

    @Inject
    NovaTopics topics;

    @Inject
    VirtDriver driver;

    private static ComputeReport next(LinkedBlockingQueue<ComputeReport> reports, Predicate<ComputeReport> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            ComputeReport report = reports.poll(1, TimeUnit.SECONDS);
            if (report != null && wanted.test(report)) {
                return report;
            }
        }
        throw new AssertionError("no such report within 15 s");
    }

    @Test
    void theHostReportsWhatItHasAndWhatItsInstancesTake() throws Exception {
        LinkedBlockingQueue<ComputeReport> reports = new LinkedBlockingQueue<>();
        ObjectMapper json = new ObjectMapper();
        try (RpcConnection listener = new RpcConnection("127.0.0.1", 5672, "guest", "guest")) {
            listener.subscribe(topics.reports(), message -> {
                try {
                    reports.add(json.treeToValue(message.payload(), ComputeReport.class));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            ComputeReport idle = next(reports, report -> report.host().equals("test-host") && report.runningVms() == 0);
            assertEquals(16, idle.vcpus());
            assertEquals(32768, idle.memoryMb());
            assertEquals(500, idle.localGb());
            assertEquals("fake", idle.hypervisorType());

            String uuid = UUID.randomUUID().toString();
            driver.spawn(new InstanceSpec(uuid, 2, 2048, 20, Map.of()), Path.of("disk"));
            ComputeReport busy = next(reports, report -> report.host().equals("test-host") && report.runningVms() == 1);
            assertEquals(2, busy.vcpusUsed());
            assertEquals(2048, busy.memoryMbUsed());
            assertEquals(20, busy.localGbUsed());
            driver.destroy(uuid);
        }
    }
}
