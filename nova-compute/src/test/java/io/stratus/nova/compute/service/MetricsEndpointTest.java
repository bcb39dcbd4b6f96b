package io.stratus.nova.compute.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Like every Stratus service, a compute host shows its Prometheus metrics next to its health. */
@QuarkusTest
class MetricsEndpointTest {

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @Test
    void theHostServesPrometheusMetrics() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(metrics).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().lines().anyMatch(line -> line.startsWith("jvm_memory_used_bytes{")), answer.body());
    }
}
