package io.stratus.nova.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.stratus.common.context.RequestContext;
import io.stratus.common.nova.InstanceEvent;
import io.stratus.nova.api.repo.ComputeHostRepo;
import io.stratus.common.nova.ComputeReport;
import io.stratus.nova.api.repo.InstanceRepo;
import io.stratus.nova.api.service.ServerLifecycle;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Servers in nova-api against the real MariaDB and RabbitMQ, with a stand-in for glance-api (two
 * images: an active one, and one that needs a 30 GiB disk). The scheduler and hosts are played by
 * feeding their events to the conductor's handler, as they would arrive on its queue.
 */
@QuarkusTest
class ServersTest {

    static final String IMAGE = "11111111-2222-3333-4444-555555555555";
    static final String BIG_IMAGE = "11111111-2222-3333-4444-666666666666";
    private static final Map<String, Object> CRASH_DUMP = java.util.Collections.singletonMap("trigger_crash_dump", null);
    private static HttpServer glance;

    private final String project = "servers-" + UUID.randomUUID();
    private final String alice = TestTokens.token("alice-" + UUID.randomUUID(), project, "member");
    private final String admin = TestTokens.token("admin-" + UUID.randomUUID(), "admin-project", "admin", "member");

    @Inject
    ServerLifecycle lifecycle;

    @Inject
    InstanceRepo instances;

    @Inject
    ComputeHostRepo hosts;

    @BeforeAll
    static void startGlance() throws IOException {
        glance = HttpServer.create(new InetSocketAddress("127.0.0.1", 19292), 0);
        glance.createContext("/v2/images/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/v2/images/".length());
            String body = id.equals(IMAGE) ? image(IMAGE, 0) : id.equals(BIG_IMAGE) ? image(BIG_IMAGE, 30) : null;
            byte[] bytes = (body == null ? "{\"message\": \"not found\"}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        glance.start();
    }

    private static String image(String id, int minDisk) {
        return "{\"id\": \"" + id + "\", \"status\": \"active\", \"size\": 1048576, \"min_disk\": " + minDisk
                + ", \"min_ram\": 0, \"disk_format\": \"qcow2\", \"checksum\": \"00\", \"hw_disk_bus\": \"virtio\"}";
    }

    @AfterAll
    static void stopGlance() {
        glance.stop(0);
    }

    private static RequestSpecification as(String token) {
        return given().header("X-Auth-Token", token).contentType(ContentType.JSON);
    }

    private String boot(String token, Map<String, Object> extra) {
        Map<String, Object> server = new java.util.HashMap<>(Map.of("name", "vm", "imageRef", IMAGE, "flavorRef", "1"));
        server.putAll(extra);
        return as(token).body(Map.of("server", server)).post("/v2.1/servers").then().statusCode(202)
                .header("Location", containsString("/v2.1/servers/")).extract().path("server.id");
    }

    private void hostReports(String host) {
        hosts.record(new ComputeReport(host, host, "fake", 0, "127.0.0.1", 16, 0, 32768, 0, 500, 0, 0, "x86_64"), Instant.now());
    }

    private void built(String uuid, String host) {
        RequestContext internal = RequestContext.anonymous("req-test");
        lifecycle.apply(InstanceEvent.placed(uuid, host, 1), internal);
        lifecycle.apply(InstanceEvent.state(uuid, host, "active", null, "spawning", 1), internal);
    }

    /** The admin's view of the server's latest action of that name, with its events. */
    private io.restassured.response.ValidatableResponse latestAction(String uuid, String action) {
        String requestId = as(admin).get("/v2.1/servers/" + uuid + "/os-instance-actions").then().statusCode(200).extract()
                .path("instanceActions.find { it.action == '" + action + "' }.request_id");
        return as(admin).get("/v2.1/servers/" + uuid + "/os-instance-actions/" + requestId).then().statusCode(200);
    }

    private void act(String uuid, Object action, int status) {
        as(alice).body(action).post("/v2.1/servers/" + uuid + "/action").then().statusCode(status);
    }

    private void expect(String uuid, String status, String flavorId) {
        as(alice).get("/v2.1/servers/" + uuid).then().statusCode(200).body("server.status", equalTo(status))
                .body("server.flavor.id", equalTo(flavorId));
    }

    private static RequestSpecification at(String version, String token) {
        return as(token).header("OpenStack-API-Version", "compute " + version);
    }

    @Test
    void eachMicroversionShowsWhatItAddsAndNotBefore() {
        String host = "host-" + UUID.randomUUID();
        hostReports(host);
        String uuid = at("2.19", alice).body(Map.of("server", Map.of("name", "Web Server_1", "imageRef", IMAGE, "flavorRef", "1",
                "description", "the front end", "user_data", "aGVsbG8="))).post("/v2.1/servers").then().statusCode(202)
                .extract().path("server.id");
        built(uuid, host);
        // 2.1 knows no description, and shows none of the later fields
        as(alice).body(Map.of("server", Map.of("name", "vm", "imageRef", IMAGE, "flavorRef", "1", "description", "x"))).post("/v2.1/servers")
                .then().statusCode(400).body("badRequest.message", containsString("'description' was unexpected"));
        as(alice).get("/v2.1/servers/" + uuid).then().statusCode(200).body("server.description", nullValue())
                .body("server", not(hasKey("locked"))).body("server", not(hasKey("description")));
        as(admin).get("/v2.1/servers/" + uuid).then().statusCode(200).body("server", hasKey("OS-EXT-SRV-ATTR:host"))
                .body("server", not(hasKey("OS-EXT-SRV-ATTR:hostname"))).body("server", not(hasKey("host_status")));

        at("2.9", alice).get("/v2.1/servers/" + uuid).then().statusCode(200).body("server.locked", equalTo(false))
                .body("server", not(hasKey("description")));
        at("2.19", alice).get("/v2.1/servers/detail?name=Web").then().statusCode(200).body("servers[0].description", equalTo("the front end"))
                .body("servers[0]", not(hasKey("host_status"))).body("servers[0]", not(hasKey("OS-EXT-SRV-ATTR:hostname")));
        at("2.3", admin).get("/v2.1/servers/" + uuid).then().statusCode(200)
                .body("server.'OS-EXT-SRV-ATTR:hostname'", equalTo("web-server-1"))
                .body("server.'OS-EXT-SRV-ATTR:user_data'", equalTo("aGVsbG8="))
                .body("server.'OS-EXT-SRV-ATTR:launch_index'", equalTo(0))
                .body("server.'OS-EXT-SRV-ATTR:reservation_id'", startsWith("r-"))
                .body("server.'OS-EXT-SRV-ATTR:root_device_name'", equalTo("/dev/vda"))
                .body("server", not(hasKey("locked")));

        // host_status (2.16, admins): UP while the host reports, MAINTENANCE once disabled, DOWN once forced down
        at("2.16", admin).get("/v2.1/servers/" + uuid).then().statusCode(200).body("server.host_status", equalTo("UP"));
        at("2.15", admin).get("/v2.1/servers/" + uuid).then().statusCode(200).body("server", not(hasKey("host_status")));
        at("2.16", alice).get("/v2.1/servers/" + uuid).then().statusCode(200).body("server", not(hasKey("host_status")));
        hosts.setDisabled(host, ComputeHostRepo.BINARY, true, "test");
        at("2.16", admin).get("/v2.1/servers/detail?all_tenants=1&name=Web").then().statusCode(200)
                .body("servers.find { it.id == '" + uuid + "' }.host_status", equalTo("MAINTENANCE"));
        hosts.setForcedDown(host, ComputeHostRepo.BINARY, true);
        at("2.16", admin).get("/v2.1/servers/" + uuid).then().statusCode(200).body("server.host_status", equalTo("DOWN"));
        hosts.setForcedDown(host, ComputeHostRepo.BINARY, false);
        hosts.setDisabled(host, ComputeHostRepo.BINARY, false, null);

        // description: set and cleared by update (2.19), refused before it and when not printable
        at("2.19", alice).body(Map.of("server", Map.of("description", "renamed"))).put("/v2.1/servers/" + uuid).then().statusCode(200)
                .body("server.description", equalTo("renamed")).body("server.name", equalTo("Web Server_1"));
        at("2.18", alice).body(Map.of("server", Map.of("description", "x"))).put("/v2.1/servers/" + uuid).then().statusCode(400);
        at("2.19", alice).body(Map.of("server", Map.of("description", "bell\u0007"))).put("/v2.1/servers/" + uuid).then().statusCode(400);
        at("2.19", alice).body(Map.of("server", Map.of("description", "x".repeat(256)))).put("/v2.1/servers/" + uuid).then().statusCode(400);
        at("2.19", alice).body(Map.of("server", Map.of("description", "zero\u200Bwidth"))).put("/v2.1/servers/" + uuid).then().statusCode(400);
        // an update answers without the extended attributes and host_status (Nova adds them to it at 2.75 only)
        at("2.19", admin).body(Map.of("server", Map.of("name", "Web Server_1"))).put("/v2.1/servers/" + uuid).then().statusCode(200)
                .body("server", not(hasKey("OS-EXT-SRV-ATTR:host"))).body("server", not(hasKey("host_status")))
                .body("server.locked", equalTo(false));
        // a server made before 2.19 has its name as its description, as in Nova
        String older = boot(alice, Map.of());
        at("2.19", alice).get("/v2.1/servers/" + older).then().body("server.description", equalTo("vm"));
        at("2.19", alice).get("/v2.1/servers/" + uuid).then().body("server.description", equalTo("renamed"));
        Map<String, Object> cleared = new java.util.HashMap<>();
        cleared.put("description", null);
        at("2.19", alice).body(Map.of("server", cleared)).put("/v2.1/servers/" + uuid).then().statusCode(200)
                .body("server.description", nullValue()).body("server", hasKey("description"));

        // locked shows from 2.9, and trigger_crash_dump (2.17) is refused while locked, before 2.17, and with a body
        act(uuid, Map.of("lock", Map.of()), 202);
        at("2.9", alice).get("/v2.1/servers/" + uuid).then().body("server.locked", equalTo(true));
        at("2.17", alice).body(CRASH_DUMP).post("/v2.1/servers/" + uuid + "/action").then().statusCode(409);
        act(uuid, Map.of("unlock", Map.of()), 202);
        at("2.16", alice).body(CRASH_DUMP).post("/v2.1/servers/" + uuid + "/action").then().statusCode(404);
        at("2.17", alice).body(Map.of("trigger_crash_dump", Map.of())).post("/v2.1/servers/" + uuid + "/action").then().statusCode(400);

        // remote consoles (2.6): checked as Nova checks them, then unavailable (no console proxy runs)
        Map<String, Object> vnc = Map.of("remote_console", Map.of("protocol", "vnc", "type", "novnc"));
        at("2.5", alice).body(vnc).post("/v2.1/servers/" + uuid + "/remote-consoles").then().statusCode(404);
        at("2.6", alice).body(vnc).post("/v2.1/servers/" + uuid + "/remote-consoles").then().statusCode(400)
                .body("badRequest.message", equalTo("Unavailable console type novnc."));
        at("2.6", alice).body(Map.of("remote_console", Map.of("protocol", "vnc", "type", "spice-html5")))
                .post("/v2.1/servers/" + uuid + "/remote-consoles").then().statusCode(400)
                .body("badRequest.message", containsString("Unsupported console type"));
        at("2.6", alice).body(Map.of("remote_console", Map.of("protocol", "mks", "type", "webmks")))
                .post("/v2.1/servers/" + uuid + "/remote-consoles").then().statusCode(400)
                .body("badRequest.message", containsString("protocol"));
        at("2.6", admin).body(vnc).post("/v2.1/servers/" + UUID.randomUUID() + "/remote-consoles").then().statusCode(404);
        at("2.6", alice).body(Map.of("remote_console", Map.of("protocol", "vnc", "type", "novnc", "port", 5900)))
                .post("/v2.1/servers/" + uuid + "/remote-consoles").then().statusCode(400)
                .body("badRequest.message", containsString("'port' was unexpected"));
    }

    @Test
    void aCrashDumpIsAskedOfTheHostAndItsOutcomeRecorded() {
        String uuid = boot(alice, Map.of());
        String host = "host-" + UUID.randomUUID();
        hostReports(host);
        built(uuid, host);
        at("2.17", alice).body(CRASH_DUMP).post("/v2.1/servers/" + uuid + "/action").then().statusCode(202);
        as(alice).get("/v2.1/servers/" + uuid + "/os-instance-actions").then().statusCode(200)
                .body("instanceActions[0].action", equalTo("trigger_crash_dump"));
        // no task state: the server may be paused before the host answers, and each answer closes its own action
        act(uuid, Map.of("pause", Map.of()), 202);
        lifecycle.apply(InstanceEvent.finished(uuid, host, "trigger_crash_dump", null), RequestContext.anonymous("req-test"));
        as(alice).get("/v2.1/servers/" + uuid + "/os-instance-actions").then()
                .body("instanceActions.find { it.action == 'trigger_crash_dump' }.message", nullValue())
                .body("instanceActions.find { it.action == 'trigger_crash_dump' }", hasKey("start_time"));
        latestAction(uuid, "trigger_crash_dump").body("instanceAction.events[0].result", equalTo("Success"));
        latestAction(uuid, "pause").body("instanceAction.events[0].result", nullValue())
                .body("instanceAction.events[0].finish_time", nullValue());
        lifecycle.apply(InstanceEvent.state(uuid, host, "paused", null, "pausing", 3), RequestContext.anonymous("req-test"));
        act(uuid, Map.of("unpause", Map.of()), 202);
        lifecycle.apply(InstanceEvent.state(uuid, host, "active", null, "unpausing", 1), RequestContext.anonymous("req-test"));
        // a host that could not give the NMI: the action says Error, the server stays as it was
        at("2.17", alice).body(CRASH_DUMP).post("/v2.1/servers/" + uuid + "/action").then().statusCode(202);
        lifecycle.apply(InstanceEvent.finished(uuid, host, "trigger_crash_dump", new InstanceEvent.Fault(500, "no NMI here", null)),
                RequestContext.anonymous("req-test"));
        as(alice).get("/v2.1/servers/" + uuid + "/os-instance-actions").then().body("instanceActions[0].message", equalTo("Error"));
        expect(uuid, "ACTIVE", "1");
        // each action's work on the host shows as its event, with how it ended
        String failed = as(alice).get("/v2.1/servers/" + uuid + "/os-instance-actions").then().extract().path("instanceActions[0].request_id");
        as(alice).get("/v2.1/servers/" + uuid + "/os-instance-actions/" + failed).then().statusCode(200)
                .body("instanceAction", not(hasKey("events"))); // before 2.51, events are the admin's
        latestAction(uuid, "trigger_crash_dump").body("instanceAction.events[0].event", equalTo("compute_trigger_crash_dump"))
                .body("instanceAction.events[0].result", equalTo("Error"));
        latestAction(uuid, "create").body("instanceAction.events[0].event", equalTo("compute__do_build_and_run_instance"))
                .body("instanceAction.events[0].result", equalTo("Success"))
                .body("instanceAction.events[0].finish_time", org.hamcrest.Matchers.notNullValue());
        act(uuid, Map.of("os-stop", Map.of()), 202);
        lifecycle.apply(InstanceEvent.state(uuid, host, "stopped", null, "powering-off", 4), RequestContext.anonymous("req-test"));
        at("2.17", alice).body(CRASH_DUMP).post("/v2.1/servers/" + uuid + "/action").then().statusCode(409)
                .body("conflictingRequest.message", containsString("vm_state stopped"));
    }

    @Test
    void aResizeIsConfirmedOrRevertedAndARefusedOneChangesNothing() {
        String uuid = boot(alice, Map.of());
        String host = "host-" + UUID.randomUUID();
        hostReports(host);
        built(uuid, host);
        RequestContext internal = RequestContext.anonymous("req-test");

        act(uuid, Map.of("resize", Map.of("flavorRef", "1")), 400);
        act(uuid, Map.of("resize", Map.of("flavorRef", "no-such-flavor")), 400);
        act(uuid, Map.of("resize", Map.of()), 400);
        act(uuid, Map.of("confirmResize", Map.of()), 409);
        act(uuid, Map.of("revertResize", Map.of()), 409);
        expect(uuid, "ACTIVE", "1");

        // the scheduler finds no room on the host: the server keeps its flavor, with a fault
        act(uuid, Map.of("resize", Map.of("flavorRef", "2")), 202);
        expect(uuid, "RESIZE", "2");
        act(uuid, Map.of("os-stop", Map.of()), 409);
        lifecycle.apply(InstanceEvent.failed(uuid, host, null, "resize_prep", new InstanceEvent.Fault(500, "No valid host was found.", null)),
                internal);
        expect(uuid, "ACTIVE", "1");
        // as in Nova, an ACTIVE server shows no fault: the failed action says it
        as(alice).get("/v2.1/servers/" + uuid + "/os-instance-actions").then().statusCode(200)
                .body("instanceActions.find { it.action == 'resize' }.message", equalTo("Error"));

        // resized, then confirmed: the new flavor stays
        act(uuid, Map.of("resize", Map.of("flavorRef", "2")), 202);
        lifecycle.apply(InstanceEvent.state(uuid, host, "resized", null, "resize_prep", 1), internal);
        expect(uuid, "VERIFY_RESIZE", "2");
        as(alice).body(Map.of("confirmResize", Map.of())).post("/v2.1/servers/" + uuid + "/action").then().statusCode(204);
        expect(uuid, "ACTIVE", "2");

        // resized to a smaller disk: refused; resized up, then reverted: the old flavor back
        act(uuid, Map.of("resize", Map.of("flavorRef", "1")), 400);
        act(uuid, Map.of("resize", Map.of("flavorRef", "3")), 202);
        lifecycle.apply(InstanceEvent.state(uuid, host, "resized", null, "resize_prep", 1), internal);
        expect(uuid, "VERIFY_RESIZE", "3");
        // a revert the host has no room for leaves the resize to be confirmed; a revert done puts the old flavor back
        act(uuid, Map.of("revertResize", Map.of()), 202);
        expect(uuid, "REVERT_RESIZE", "3");
        lifecycle.apply(InstanceEvent.failed(uuid, host, null, "resize_reverting", new InstanceEvent.Fault(500, "No valid host was found.", null)),
                internal);
        expect(uuid, "VERIFY_RESIZE", "3");
        act(uuid, Map.of("revertResize", Map.of()), 202);
        lifecycle.apply(InstanceEvent.state(uuid, host, "active", null, "resize_reverting", 1), internal);
        expect(uuid, "ACTIVE", "2");
        as(alice).get("/v2.1/servers/" + uuid + "/os-instance-actions").then().statusCode(200)
                .body("instanceActions.action", org.hamcrest.Matchers.containsInAnyOrder("revertResize", "revertResize", "resize",
                        "confirmResize", "resize", "resize", "create"));
    }

    @Test
    void aResizeOrItsRevertThatWouldGrowPastTheQuotaIsRefusedAndChangesNothing() {
        String lean = "lean-" + UUID.randomUUID();
        as(admin).body(Map.of("flavor", Map.of("name", lean, "id", lean, "ram", 512, "vcpus", 1, "disk", 60))).post("/v2.1/flavors").then()
                .statusCode(200);
        String uuid = boot(alice, Map.of("flavorRef", "3")); // m1.medium: 2 vCPUs, 4 GiB
        String host = "host-" + UUID.randomUUID();
        hostReports(host);
        built(uuid, host);
        as(admin).body(Map.of("quota_set", Map.of("cores", 2))).put("/v2.1/os-quota-sets/" + project).then().statusCode(200);
        act(uuid, Map.of("resize", Map.of("flavorRef", "4")), 403); // m1.large: 4 vCPUs
        expect(uuid, "ACTIVE", "3");
        // down to 1 vCPU (a bigger disk), and the freed core taken at once: a revert would need it back
        act(uuid, Map.of("resize", Map.of("flavorRef", lean)), 202);
        lifecycle.apply(InstanceEvent.state(uuid, host, "resized", null, "resize_prep", 1), RequestContext.anonymous("req-test"));
        expect(uuid, "VERIFY_RESIZE", lean);
        as(admin).body(Map.of("quota_set", Map.of("cores", 1))).put("/v2.1/os-quota-sets/" + project).then().statusCode(200);
        as(alice).body(Map.of("revertResize", Map.of())).post("/v2.1/servers/" + uuid + "/action").then().statusCode(403)
                .body("forbidden.message", containsString("Quota exceeded for cores"));
        expect(uuid, "VERIFY_RESIZE", lean);
        act(uuid, Map.of("confirmResize", Map.of()), 204);
        expect(uuid, "ACTIVE", lean);
        as(admin).delete("/v2.1/flavors/" + lean).then().statusCode(202);
    }

    @Test
    void aBootIsAcceptedInBuildAndMovesAsTheHostsReport() {
        String uuid = boot(alice, Map.of("metadata", Map.of("role", "web")));
        as(alice).get("/v2.1/servers/" + uuid).then().statusCode(200).body("server.status", equalTo("BUILD"))
                .body("server.'OS-EXT-STS:task_state'", equalTo("scheduling")).body("server.metadata.role", equalTo("web"))
                .body("server.tenant_id", equalTo(project)).body("server.hostId", equalTo(""))
                .body("server", not(org.hamcrest.Matchers.hasKey("OS-EXT-SRV-ATTR:host")));
        String host = "host-" + UUID.randomUUID();
        hostReports(host);
        built(uuid, host);
        as(alice).get("/v2.1/servers/" + uuid).then().statusCode(200).body("server.status", equalTo("ACTIVE"))
                .body("server.'OS-EXT-STS:power_state'", equalTo(1)).body("server.'OS-SRV-USG:launched_at'", not(nullValue()));
        as(admin).get("/v2.1/servers/" + uuid).then().body("server.'OS-EXT-SRV-ATTR:host'", equalTo(host));

        // an action in the wrong state is refused and changes nothing; a right one sets the task until the host answers
        as(alice).body(Map.of("os-start", Map.of())).post("/v2.1/servers/" + uuid + "/action").then().statusCode(409)
                .body("conflictingRequest.message", containsString("while it is in vm_state active"));
        as(alice).body(Map.of("os-stop", Map.of())).post("/v2.1/servers/" + uuid + "/action").then().statusCode(202);
        as(alice).get("/v2.1/servers/" + uuid).then().body("server.'OS-EXT-STS:task_state'", equalTo("powering-off"));
        as(alice).body(Map.of("pause", Map.of())).post("/v2.1/servers/" + uuid + "/action").then().statusCode(409)
                .body("conflictingRequest.message", containsString("task_state powering-off"));
        lifecycle.apply(InstanceEvent.state(uuid, host, "stopped", null, "powering-off", 4), RequestContext.anonymous("req-test"));
        lifecycle.apply(InstanceEvent.state(uuid, host, "active", null, "powering-off", 1), RequestContext.anonymous("req-test"));
        as(alice).get("/v2.1/servers/" + uuid).then().body("server.status", equalTo("SHUTOFF"))
                .body("server.'OS-EXT-STS:power_state'", equalTo(4));
        as(alice).get("/v2.1/servers/" + uuid + "/os-instance-actions").then().statusCode(200)
                .body("instanceActions.action", org.hamcrest.Matchers.contains("stop", "create"));

        // rebuild: the image is checked as at boot, the server goes REBUILD with its new image until its host answers
        as(alice).body(Map.of("rebuild", Map.of("imageRef", BIG_IMAGE))).post("/v2.1/servers/" + uuid + "/action").then().statusCode(400);
        as(alice).body(Map.of("rebuild", Map.of("imageRef", UUID.randomUUID().toString()))).post("/v2.1/servers/" + uuid + "/action").then()
                .statusCode(400);
        as(alice).body(Map.of("rebuild", Map.of("imageRef", IMAGE, "name", "rebuilt"))).post("/v2.1/servers/" + uuid + "/action").then()
                .statusCode(202).body("server.status", equalTo("REBUILD")).body("server.name", equalTo("rebuilt"));
        lifecycle.apply(InstanceEvent.state(uuid, host, "stopped", null, "rebuilding", 4), RequestContext.anonymous("req-test"));
        as(alice).get("/v2.1/servers/" + uuid).then().body("server.status", equalTo("SHUTOFF")).body("server.image.id", equalTo(IMAGE));

        // a host that has lost a running server: the power sync marks it stopped
        String other = boot(alice, Map.of());
        built(other, host);
        lifecycle.apply(InstanceEvent.power(host, Map.of(uuid, 4), System.currentTimeMillis() + 1000), RequestContext.anonymous("req-test"));
        as(alice).get("/v2.1/servers/" + other).then().body("server.status", equalTo("SHUTOFF"))
                .body("server.'OS-EXT-STS:power_state'", equalTo(0));
    }

    @Test
    void refusalsAre4xxAndLeaveNothingBehind() {
        int before = instances.usage(project).instances();
        as(alice).body(Map.of("server", Map.of("name", "vm", "imageRef", IMAGE, "flavorRef", "nope"))).post("/v2.1/servers").then()
                .statusCode(400).body("badRequest.message", equalTo("Flavor nope could not be found."));
        as(alice).body(Map.of("server", Map.of("name", "vm", "imageRef", UUID.randomUUID().toString(), "flavorRef", "1")))
                .post("/v2.1/servers").then().statusCode(400).body("badRequest.message", containsString("could not be found"));
        as(alice).body(Map.of("server", Map.of("name", "vm", "imageRef", BIG_IMAGE, "flavorRef", "1"))).post("/v2.1/servers").then()
                .statusCode(400).body("badRequest.message", containsString("Flavor's disk is smaller than the minimum size"));
        as(alice).body(Map.of("server", Map.of("name", "vm", "imageRef", IMAGE, "flavorRef", "1", "key_name", "nope"))).post("/v2.1/servers")
                .then().statusCode(400).body("badRequest.message", equalTo("Invalid key_name provided."));
        as(alice).body(Map.of("server", Map.of("imageRef", IMAGE, "flavorRef", "1"))).post("/v2.1/servers").then().statusCode(400);
        as(alice).body(Map.of("server", Map.of("name", "vm", "imageRef", IMAGE, "flavorRef", "1", "user_data", "not base64!")))
                .post("/v2.1/servers").then().statusCode(400);
        as(alice).body(Map.of("server", Map.of("name", "vm", "imageRef", IMAGE, "flavorRef", "1", "availability_zone", "nowhere")))
                .post("/v2.1/servers").then().statusCode(400).body("badRequest.message", containsString("availability zone"));
        assertEquals(before, instances.usage(project).instances());
    }

    @Test
    void quotasCountLiveServersAndPartialCountsFitWhatIsLeft() {
        as(admin).body(Map.of("quota_set", Map.of("instances", 3))).put("/v2.1/os-quota-sets/" + project).then().statusCode(200)
                .body("quota_set.instances", equalTo(3));
        as(alice).get("/v2.1/os-quota-sets/" + project).then().statusCode(200).body("quota_set.instances", equalTo(3));
        as(alice).body(Map.of("quota_set", Map.of("instances", 30))).put("/v2.1/os-quota-sets/" + project).then().statusCode(403);
        as(alice).body(Map.of("server", Map.of("name", "many", "imageRef", IMAGE, "flavorRef", "1", "min_count", 4)))
                .post("/v2.1/servers").then().statusCode(403)
                .body("forbidden.message", equalTo("Quota exceeded for instances: Requested 4, but already used 0 of 3 instances"));
        // min 1, max 5: as many as fit, named name-1 ... name-3
        as(alice).body(Map.of("server", Map.of("name", "many", "imageRef", IMAGE, "flavorRef", "1", "min_count", 1, "max_count", 5)))
                .post("/v2.1/servers").then().statusCode(202);
        as(alice).get("/v2.1/servers").then().statusCode(200).body("servers.size()", equalTo(3)).body("servers.name", hasItem("many-3"));
        as(alice).get("/v2.1/os-quota-sets/" + project + "/detail").then().body("quota_set.instances.in_use", equalTo(3))
                .body("quota_set.cores.in_use", equalTo(3)).body("quota_set.ram.in_use", equalTo(1536));
        as(alice).get("/v2.1/limits").then().body("limits.absolute.totalInstancesUsed", equalTo(3))
                .body("limits.absolute.maxTotalInstances", equalTo(3));
        as(alice).body(Map.of("server", Map.of("name", "one-more", "imageRef", IMAGE, "flavorRef", "1"))).post("/v2.1/servers").then()
                .statusCode(403);

        // a server never placed is deleted at once, and its quota is free again
        String first = as(alice).get("/v2.1/servers").then().extract().path("servers[0].id");
        as(alice).delete("/v2.1/servers/" + first).then().statusCode(204);
        as(alice).get("/v2.1/servers/" + first).then().statusCode(404);
        assertEquals(2, instances.usage(project).instances());
        as(admin).delete("/v2.1/os-quota-sets/" + project).then().statusCode(202);
        as(alice).get("/v2.1/os-quota-sets/" + project).then().body("quota_set.instances", equalTo(10));
    }

    @Test
    void aFailedBuildEndsInErrorWithItsFaultAndAStuckOneTimesOut() {
        String uuid = boot(alice, Map.of());
        lifecycle.apply(InstanceEvent.failed(uuid, null, "error", null, new InstanceEvent.Fault(500,
                "No valid host was found. There are not enough hosts available.", null)), RequestContext.anonymous("req-test"));
        as(alice).get("/v2.1/servers/" + uuid).then().body("server.status", equalTo("ERROR"))
                .body("server.fault.code", equalTo(500)).body("server.fault.message", containsString("No valid host"));
        as(alice).get("/v2.1/servers?status=ERROR").then().body("servers.id", hasItem(uuid));

        String stuck = boot(alice, Map.of());
        int failed = lifecycle.failStuckBuilds(Instant.now().plusSeconds(1), RequestContext.anonymous("req-test"));
        assertTrue(failed >= 1);
        as(alice).get("/v2.1/servers/" + stuck).then().body("server.status", equalTo("ERROR"))
                .body("server.fault.message", containsString("timed out"));
    }

    @Test
    void othersProjectsServersAreNotFoundAndLockedOnesRefuseTheirOwners() {
        String uuid = boot(alice, Map.of());
        String mallory = TestTokens.token("mallory-" + UUID.randomUUID(), "elsewhere-" + UUID.randomUUID(), "member");
        as(mallory).get("/v2.1/servers/" + uuid).then().statusCode(404);
        as(mallory).delete("/v2.1/servers/" + uuid).then().statusCode(404);
        as(mallory).get("/v2.1/servers").then().body("servers.id", not(hasItem(uuid)));
        as(admin).get("/v2.1/servers?all_tenants=1").then().body("servers.id", hasItem(uuid));

        as(admin).body(Map.of("lock", Map.of())).post("/v2.1/servers/" + uuid + "/action").then().statusCode(202);
        as(alice).delete("/v2.1/servers/" + uuid).then().statusCode(409).body("conflictingRequest.message", containsString("is locked"));
        as(alice).body(Map.of("unlock", Map.of())).post("/v2.1/servers/" + uuid + "/action").then().statusCode(403);
        as(admin).body(Map.of("unlock", Map.of())).post("/v2.1/servers/" + uuid + "/action").then().statusCode(202);
        assertFalse(instances.find(uuid).orElseThrow().locked());

        as(alice).body(Map.of("metadata", Map.of("a", "1", "b", "2"))).post("/v2.1/servers/" + uuid + "/metadata").then().statusCode(200)
                .body("metadata.a", equalTo("1"));
        as(alice).body(Map.of("meta", Map.of("c", "3"))).put("/v2.1/servers/" + uuid + "/metadata/a").then().statusCode(400)
                .body("badRequest.message", equalTo("Request body and URI mismatch"));
        as(alice).delete("/v2.1/servers/" + uuid + "/metadata/a").then().statusCode(204);
        as(alice).get("/v2.1/servers/" + uuid + "/metadata").then().body("metadata", equalTo(Map.of("b", "2")));
        as(alice).body(Map.of("server", Map.of("name", "renamed"))).put("/v2.1/servers/" + uuid).then().statusCode(200)
                .body("server.name", equalTo("renamed"));
    }
}
