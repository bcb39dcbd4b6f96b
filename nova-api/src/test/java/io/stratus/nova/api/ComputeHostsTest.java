package io.stratus.nova.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.stratus.common.context.RequestContext;
import io.stratus.common.nova.ComputeReport;
import io.stratus.common.nova.NovaTopics;
import io.stratus.nova.api.repo.ComputeHostRepo;
import jakarta.inject.Inject;
import io.stratus.common.rpc.RpcConnection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Compute hosts as nova-api learns them from the reports fanout (real RabbitMQ), in os-services and os-hypervisors. */
@QuarkusTest
class ComputeHostsTest {

    @Inject
    NovaTopics topics;

    @Inject
    ComputeHostRepo hosts;

    private final String admin = TestTokens.token("admin-" + UUID.randomUUID(), "admin-project", "admin", "member");
    private final String member = TestTokens.token("alice-" + UUID.randomUUID(), "demo", "member");

    private static RequestSpecification as(String token) {
        return given().header("X-Auth-Token", token).contentType(ContentType.JSON);
    }

    /** The service's entry once the report has been recorded (reports arrive asynchronously). */
    private Map<String, Object> awaitService(String host, String state) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            List<Map<String, Object>> services = as(admin).get("/v2.1/os-services?host=" + host).then().statusCode(200)
                    .extract().jsonPath().getList("services");
            if (!services.isEmpty() && state.equals(services.get(0).get("state"))) {
                return services.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("host " + host + " never became " + state);
    }

    /** One report from a small host, seen recorded. */
    private void reportAndAwaitUp(String host) throws Exception {
        try (RpcConnection rpc = new RpcConnection("127.0.0.1", 5672, "guest", "guest")) {
            rpc.fanout(topics.reports(), new ObjectMapper().valueToTree(new ComputeReport(host, host, "QEMU", 1, "127.0.0.1",
                    4, 0, 4096, 0, 50, 0, 0, "x86_64")), RequestContext.anonymous(null));
            awaitService(host, "up");
        }
    }

    @Test
    void aReportingHostIsUpWithItsResourcesAndGoesDownWhenReportsStop() throws Exception {
        String host = "compute-" + UUID.randomUUID();
        try (RpcConnection rpc = new RpcConnection("127.0.0.1", 5672, "guest", "guest")) {
            ComputeReport report = new ComputeReport(host, host, "QEMU", 7002000, "192.0.2.7", 8, 2, 16384, 2048, 100, 20, 1, "x86_64");
            rpc.fanout(topics.reports(), new ObjectMapper().valueToTree(report), RequestContext.anonymous(null));
            Map<String, Object> service = awaitService(host, "up");
            assertEquals("nova-compute", service.get("binary"));
            assertEquals("enabled", service.get("status"));
            assertEquals("nova", service.get("zone"));

            JsonPath hypervisors = as(admin).get("/v2.1/os-hypervisors/detail").then().statusCode(200).extract().jsonPath();
            Map<String, Object> node = hypervisors.getMap("hypervisors.find { it.hypervisor_hostname == '" + host + "' }");
            assertEquals(8, node.get("vcpus"));
            assertEquals(2, node.get("vcpus_used"));
            assertEquals(14336, node.get("free_ram_mb"));
            assertEquals(80, node.get("free_disk_gb"));
            assertEquals("QEMU", node.get("hypervisor_type"));
            assertEquals("192.0.2.7", node.get("host_ip"));
            as(admin).get("/v2.1/os-hypervisors/" + node.get("id")).then().statusCode(200).body("hypervisor.running_vms", equalTo(1));
            as(admin).get("/v2.1/os-hypervisors").then().statusCode(200).body("hypervisors.hypervisor_hostname", hasItem(host));
            int vcpus = as(admin).get("/v2.1/os-hypervisors/statistics").then().statusCode(200).extract().path("hypervisor_statistics.vcpus");
            assertTrue(vcpus >= 8, "statistics sum every host: " + vcpus);

            // a second report replaces the figures rather than adding a host
            rpc.fanout(topics.reports(), new ObjectMapper().valueToTree(new ComputeReport(host, host, "QEMU", 7002000, "192.0.2.7",
                    8, 6, 16384, 8192, 100, 60, 3, "x86_64")), RequestContext.anonymous(null));
            for (int i = 0; i < 100 && !Integer.valueOf(3).equals(as(admin).get("/v2.1/os-hypervisors/" + node.get("id")).then()
                    .extract().path("hypervisor.running_vms")); i++) {
                Thread.sleep(100);
            }
            as(admin).get("/v2.1/os-hypervisors/" + node.get("id")).then().statusCode(200).body("hypervisor.vcpus_used", equalTo(6));
            assertEquals(1, as(admin).get("/v2.1/os-services?host=" + host).then().extract().jsonPath().getList("services").size());
        }
        // no report for longer than service_down_time (3 s in the tests)
        awaitService(host, "down");
    }

    @Test
    void operatorsDisableAndEnableAHostAndOnlyAdminsSeeThem() throws Exception {
        String host = "compute-" + UUID.randomUUID();
        reportAndAwaitUp(host);
        as(member).get("/v2.1/os-services").then().statusCode(403);
        as(member).get("/v2.1/os-hypervisors").then().statusCode(403);
        as(member).body(Map.of("host", host, "binary", "nova-compute")).put("/v2.1/os-services/disable").then().statusCode(403);

        as(admin).body(Map.of("host", host, "binary", "nova-compute", "disabled_reason", "maintenance"))
                .put("/v2.1/os-services/disable-log-reason").then().statusCode(200)
                .body("service.status", equalTo("disabled")).body("service.disabled_reason", equalTo("maintenance"));
        as(admin).get("/v2.1/os-services?host=" + host).then().body("services[0].status", equalTo("disabled"))
                .body("services[0].disabled_reason", equalTo("maintenance"));
        as(admin).body(Map.of("host", host, "binary", "nova-compute")).put("/v2.1/os-services/enable").then().statusCode(200)
                .body("service.status", equalTo("enabled"));
        as(admin).get("/v2.1/os-services?host=" + host).then().body("services[0].status", equalTo("enabled"));

        as(admin).body(Map.of("host", "nowhere", "binary", "nova-compute")).put("/v2.1/os-services/disable").then().statusCode(404);
        as(admin).body(Map.of("host", host)).put("/v2.1/os-services/disable").then().statusCode(400);
        as(admin).body(Map.of("host", host, "binary", "nova-compute")).put("/v2.1/os-services/disable-log-reason").then().statusCode(400);
        as(admin).get("/v2.1/os-services?host=" + host).then().body("services[0].status", equalTo("enabled"));
        as(admin).get("/v2.1/os-hypervisors/999999999").then().statusCode(404);
    }
    @Test
    void from211OperatorsForceAHostDownAndItStaysDownWhileItReports() throws Exception {
        String host = "forced-" + UUID.randomUUID();
        reportAndAwaitUp(host);
        RequestSpecification v211 = as(admin).header("OpenStack-API-Version", "compute 2.11");
        v211.get("/v2.1/os-services?host=" + host).then().body("services[0].forced_down", equalTo(false));
        as(admin).get("/v2.1/os-services?host=" + host).then().body("services[0]", not(hasKey("forced_down")));
        Map<String, Object> down = Map.of("host", host, "binary", "nova-compute", "forced_down", true);
        as(admin).body(down).put("/v2.1/os-services/force-down").then().statusCode(404);
        as(member).header("OpenStack-API-Version", "compute 2.11").body(down).put("/v2.1/os-services/force-down").then().statusCode(403);
        as(admin).header("OpenStack-API-Version", "compute 2.11").body(Map.of("host", host, "binary", "nova-compute", "forced_down", "maybe"))
                .put("/v2.1/os-services/force-down").then().statusCode(400);
        as(admin).header("OpenStack-API-Version", "compute 2.11").body(down).put("/v2.1/os-services/force-down").then().statusCode(200)
                .body("service.forced_down", equalTo(true)).body("service.host", equalTo(host));
        hosts.record(new ComputeReport(host, host, "QEMU", 1, "127.0.0.1", 4, 0, 4096, 0, 50, 0, 0, "x86_64"), Instant.now()); // it reports on
        as(admin).header("OpenStack-API-Version", "compute 2.11").get("/v2.1/os-services?host=" + host).then()
                .body("services[0].forced_down", equalTo(true)).body("services[0].state", equalTo("down"));
        as(admin).get("/v2.1/os-hypervisors/detail").then().body("hypervisors.find { it.hypervisor_hostname == '" + host + "' }.state",
                equalTo("down"));
        as(admin).header("OpenStack-API-Version", "compute 2.11").body(Map.of("host", host, "binary", "nova-compute", "forced_down", false))
                .put("/v2.1/os-services/force-down").then().statusCode(200).body("service.forced_down", equalTo(false));
        awaitService(host, "up");
    }

    @Test
    void aggregatesGroupKnownHostsWithMetadata() throws Exception {
        String host = "compute-" + UUID.randomUUID();
        reportAndAwaitUp(host);
        String name = "rack-" + UUID.randomUUID();
        as(member).body(Map.of("aggregate", Map.of("name", name))).post("/v2.1/os-aggregates").then().statusCode(403);
        int id = as(admin).body(Map.of("aggregate", Map.of("name", name, "availability_zone", "zone-a"))).post("/v2.1/os-aggregates")
                .then().statusCode(200).body("aggregate.availability_zone", equalTo("zone-a"))
                .body("aggregate.metadata", equalTo(Map.of("availability_zone", "zone-a"))).extract().path("aggregate.id");
        as(admin).body(Map.of("aggregate", Map.of("name", name))).post("/v2.1/os-aggregates").then().statusCode(409);
        as(admin).body(Map.of("aggregate", Map.of())).post("/v2.1/os-aggregates").then().statusCode(400);

        String path = "/v2.1/os-aggregates/" + id;
        as(admin).body(Map.of("add_host", Map.of("host", "nowhere"))).post(path + "/action").then().statusCode(404);
        as(admin).body(Map.of("add_host", Map.of("host", host))).post(path + "/action").then().statusCode(200)
                .body("aggregate.hosts", equalTo(List.of(host)));
        as(admin).body(Map.of("add_host", Map.of("host", host))).post(path + "/action").then().statusCode(409);
        as(admin).body(Map.of("set_metadata", Map.of("metadata", Map.of("ssd", "true", "gpu", "none")))).post(path + "/action")
                .then().statusCode(200).body("aggregate.metadata.ssd", equalTo("true"));
        Map<String, Object> removal = new java.util.HashMap<>();
        removal.put("gpu", null);
        as(admin).body(Map.of("set_metadata", Map.of("metadata", removal))).post(path + "/action").then().statusCode(200)
                .body("aggregate.metadata", equalTo(Map.of("availability_zone", "zone-a", "ssd", "true")));
        as(admin).body(Map.of("set_metadata", Map.of("metadata", Map.of("n", 5)))).post(path + "/action").then().statusCode(400);
        as(admin).body(Map.of("aggregate", Map.of("name", name + "-renamed"))).put(path).then().statusCode(200)
                .body("aggregate.name", equalTo(name + "-renamed"));
        as(admin).get("/v2.1/os-aggregates").then().statusCode(200).body("aggregates.name", hasItem(name + "-renamed"));

        as(admin).delete(path).then().statusCode(400);
        as(admin).get(path).then().statusCode(200).body("aggregate.hosts", equalTo(List.of(host)));
        as(admin).body(Map.of("remove_host", Map.of("host", host))).post(path + "/action").then().statusCode(200)
                .body("aggregate.hosts", equalTo(List.of()));
        as(admin).body(Map.of("remove_host", Map.of("host", host))).post(path + "/action").then().statusCode(404);
        as(admin).delete(path).then().statusCode(200);
        as(admin).get(path).then().statusCode(404);
        as(admin).get("/v2.1/os-aggregates/abc").then().statusCode(404);
    }
}
