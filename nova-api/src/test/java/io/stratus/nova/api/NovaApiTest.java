package io.stratus.nova.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Compute API as far as it goes: version discovery, microversions, flavors, keypairs; against the real MariaDB. */
@QuarkusTest
class NovaApiTest {

    private static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFmwTXo+1oVU1paieaxJB+HfTF3hRL90Cpdxy4YAAD25 alice@example";
    private static final String ED25519_MD5 = "16:f2:9a:63:2f:4a:87:99:9b:3c:d8:e7:96:d5:62:f5"; // ssh-keygen -l -E md5

    private final String admin = TestTokens.token("admin-" + UUID.randomUUID(), "admin-project", "admin", "member");
    private final String alice = TestTokens.token("alice-" + UUID.randomUUID(), "demo", "member");
    private final String bob = TestTokens.token("bob-" + UUID.randomUUID(), "demo", "member");

    private static RequestSpecification as(String token) {
        return given().header("X-Auth-Token", token).contentType(ContentType.JSON);
    }

    @Test
    void versionDiscoveryAndMicroversions() {
        given().get("/").then().statusCode(200).body("versions[0].id", equalTo("v2.1"))
                .body("versions[0].min_version", equalTo("2.1")).body("versions[0].version", equalTo("2.19"));
        given().get("/v2.1").then().statusCode(200).body("version.links[0].href", containsString("/v2.1/"));
        as(alice).get("/v2.1/flavors").then().statusCode(200)
                .header("OpenStack-API-Version", "compute 2.1").header("X-OpenStack-Nova-API-Version", "2.1");
        as(alice).header("OpenStack-API-Version", "compute latest").get("/v2.1/flavors").then().statusCode(200)
                .header("OpenStack-API-Version", "compute 2.19");
        as(alice).header("X-OpenStack-Nova-API-Version", "2.11").get("/v2.1/flavors").then().statusCode(200)
                .header("OpenStack-API-Version", "compute 2.11");
        as(alice).header("OpenStack-API-Version", "compute 2.90").get("/v2.1/flavors").then().statusCode(406)
                .body("computeFault.message", containsString("Minimum is 2.1 and maximum is 2.19"));
        as(alice).header("OpenStack-API-Version", "compute 2.99999999999").get("/v2.1/flavors").then().statusCode(400);
        as(alice).header("X-OpenStack-Nova-API-Version", "2.0").get("/v2.1/flavors").then().statusCode(406);
        as(alice).header("OpenStack-API-Version", "compute two").get("/v2.1/flavors").then().statusCode(400);
        given().get("/v2.1/flavors").then().statusCode(401).body("unauthorized.code", equalTo(401))
                .header("WWW-Authenticate", startsWith("Keystone uri="));
    }

    @Test
    void theDefaultFlavorsAreListedInIdOrderAndPage() {
        as(alice).get("/v2.1/flavors/detail?limit=5").then().statusCode(200)
                .body("flavors.name", contains("m1.tiny", "m1.small", "m1.medium", "m1.large", "m1.xlarge"))
                .body("flavors[0].ram", equalTo(512)).body("flavors[0].vcpus", equalTo(1)).body("flavors[0].disk", equalTo(1))
                .body("flavors[0].swap", equalTo("")).body("flavors[0].'OS-FLV-EXT-DATA:ephemeral'", equalTo(0))
                .body("flavors[0].'os-flavor-access:is_public'", equalTo(true))
                .body("flavors[0].links[0].href", containsString("/v2.1/flavors/1"))
                .body("flavors_links[0].href", containsString("marker=5"));
        as(alice).get("/v2.1/flavors?limit=2&marker=2").then().statusCode(200).body("flavors.id", contains("3", "4"))
                .body("flavors[0].ram", nullValue());
        as(alice).get("/v2.1/flavors?minRam=8192&minDisk=100").then().statusCode(200).body("flavors.name", contains("m1.xlarge"));
        as(alice).get("/v2.1/flavors/3").then().statusCode(200).body("flavor.name", equalTo("m1.medium")).body("flavor.ram", equalTo(4096));
        as(alice).get("/v2.1/flavors?marker=nope").then().statusCode(400).body("badRequest.message", containsString("marker [nope] not found"));
        as(alice).get("/v2.1/flavors?minRam=lots").then().statusCode(400);
        as(alice).get("/v2.1/flavors/nope").then().statusCode(404).body("itemNotFound.message", containsString("nope"));
    }

    @Test
    void onlyAdminsManageFlavorsAndBadInputChangesNothing() {
        String name = "f-" + UUID.randomUUID();
        Map<String, Object> flavor = Map.of("name", name, "ram", 256, "vcpus", 2, "disk", 5, "swap", 128);
        as(alice).body(Map.of("flavor", flavor)).post("/v2.1/flavors").then().statusCode(403)
                .body("forbidden.message", containsString("os_compute_api:os-flavor-manage:create"));
        as(admin).body(Map.of("flavor", Map.of("name", name, "ram", 0, "vcpus", 1, "disk", 1))).post("/v2.1/flavors").then().statusCode(400)
                .body("badRequest.message", containsString("ram"));
        as(admin).body(Map.of("flavor", Map.of("name", name, "ram", 256, "vcpus", "x", "disk", 1))).post("/v2.1/flavors").then().statusCode(400);
        as(admin).body(Map.of("flavor", Map.of("name", " " + name, "ram", 256, "vcpus", 1, "disk", 1))).post("/v2.1/flavors").then().statusCode(400);
        as(admin).body("{bad").post("/v2.1/flavors").then().statusCode(400);
        as(admin).get("/v2.1/flavors?is_public=none").then().statusCode(200).body("flavors.name", not(hasItem(name)));

        String id = as(admin).body(Map.of("flavor", flavor)).post("/v2.1/flavors").then().statusCode(200)
                .body("flavor.name", equalTo(name)).body("flavor.swap", equalTo(128)).body("flavor.ram", equalTo(256))
                .extract().path("flavor.id");
        UUID.fromString(id); // no id given: Nova makes a UUID
        as(admin).body(Map.of("flavor", flavor)).post("/v2.1/flavors").then().statusCode(409).body("conflictingRequest.message", containsString(name));
        as(admin).body(Map.of("flavor", Map.of("name", name + "-2", "ram", 1, "vcpus", 1, "disk", 0, "id", id))).post("/v2.1/flavors")
                .then().statusCode(409).body("conflictingRequest.message", containsString("ID " + id));
        as(alice).get("/v2.1/flavors/" + id).then().statusCode(200).body("flavor.vcpus", equalTo(2));

        // extra specs: read by anyone who sees the flavor, set by admins
        as(alice).body(Map.of("extra_specs", Map.of("hw:cpu_policy", "dedicated"))).post("/v2.1/flavors/" + id + "/os-extra_specs").then().statusCode(403);
        as(admin).body(Map.of("extra_specs", Map.of("hw:cpu_policy", "dedicated", "quota:disk_read_iops_sec", 500)))
                .post("/v2.1/flavors/" + id + "/os-extra_specs").then().statusCode(200).body("extra_specs.'quota:disk_read_iops_sec'", equalTo("500"));
        as(admin).body(Map.of("hw:cpu_policy", "shared")).put("/v2.1/flavors/" + id + "/os-extra_specs/hw:cpu_policy").then().statusCode(200);
        as(admin).body(Map.of("other", "x")).put("/v2.1/flavors/" + id + "/os-extra_specs/hw:cpu_policy").then().statusCode(400);
        as(alice).get("/v2.1/flavors/" + id + "/os-extra_specs").then().statusCode(200)
                .body("extra_specs", equalTo(Map.of("hw:cpu_policy", "shared", "quota:disk_read_iops_sec", "500")));
        as(admin).delete("/v2.1/flavors/" + id + "/os-extra_specs/hw:cpu_policy").then().statusCode(200);
        as(alice).get("/v2.1/flavors/" + id + "/os-extra_specs/hw:cpu_policy").then().statusCode(404);

        as(alice).delete("/v2.1/flavors/" + id).then().statusCode(403);
        as(admin).delete("/v2.1/flavors/" + id).then().statusCode(202);
        as(admin).delete("/v2.1/flavors/" + id).then().statusCode(404);
        as(alice).get("/v2.1/flavors/" + id).then().statusCode(404);
    }

    @Test
    void privateFlavorsAreHiddenFromOtherProjects() {
        String name = "private-" + UUID.randomUUID();
        String id = as(admin).body(Map.of("flavor", Map.of("name", name, "ram", 64, "vcpus", 1, "disk", 0, "id", name,
                "os-flavor-access:is_public", false))).post("/v2.1/flavors").then().statusCode(200).extract().path("flavor.id");
        assertEquals(name, id);
        as(alice).get("/v2.1/flavors/detail").then().statusCode(200).body("flavors.name", not(hasItem(name)));
        as(alice).get("/v2.1/flavors/" + id).then().statusCode(404);
        as(alice).get("/v2.1/flavors?is_public=false").then().statusCode(200).body("flavors.name", not(hasItem(name)));
        as(admin).get("/v2.1/flavors").then().statusCode(200).body("flavors.name", not(hasItem(name)));
        as(admin).get("/v2.1/flavors?is_public=false").then().statusCode(200).body("flavors.name", hasItem(name));
        as(admin).get("/v2.1/flavors?is_public=None").then().statusCode(200).body("flavors.name", hasItem(name)).body("flavors.name", hasItem("m1.tiny"));
        as(admin).delete("/v2.1/flavors/" + id).then().statusCode(202);
    }

    @Test
    void keypairsAreImportedOrGeneratedAndEachUsersOwn() throws Exception {
        as(alice).body(Map.of("keypair", Map.of("name", "laptop", "public_key", ED25519))).post("/v2.1/os-keypairs").then().statusCode(200)
                .body("keypair.fingerprint", equalTo(ED25519_MD5)).body("keypair.private_key", nullValue());
        as(alice).body(Map.of("keypair", Map.of("name", "laptop", "public_key", ED25519))).post("/v2.1/os-keypairs").then().statusCode(409);
        as(alice).body(Map.of("keypair", Map.of("name", "bad key", "public_key", "ssh-rsa AAAAnotakey"))).post("/v2.1/os-keypairs").then()
                .statusCode(400).body("badRequest.message", containsString("failed to generate fingerprint"));
        as(alice).body(Map.of("keypair", Map.of("name", "bad/name", "public_key", ED25519))).post("/v2.1/os-keypairs").then()
                .statusCode(400).body("badRequest.message", containsString("unsafe characters"));
        as(alice).body(Map.of("keypair", Map.of("public_key", ED25519))).post("/v2.1/os-keypairs").then().statusCode(400);

        Map<String, Object> generated = as(alice).body(Map.of("keypair", Map.of("name", "made"))).post("/v2.1/os-keypairs").then().statusCode(200)
                .body("keypair.private_key", startsWith("-----BEGIN PRIVATE KEY-----")).extract().path("keypair");
        String publicKey = (String) generated.get("public_key");
        byte[] blob = Base64.getDecoder().decode(publicKey.split(" ")[1]);
        String md5 = HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("MD5").digest(blob));
        assertEquals(md5, generated.get("fingerprint"));

        as(alice).get("/v2.1/os-keypairs").then().statusCode(200).body("keypairs.keypair.name", contains("laptop", "made"));
        as(alice).get("/v2.1/os-keypairs/laptop").then().statusCode(200).body("keypair.public_key", equalTo(ED25519))
                .body("keypair.id", notNullValue()).body("keypair.deleted", equalTo(false));
        as(bob).get("/v2.1/os-keypairs").then().statusCode(200).body("keypairs", equalTo(List.of()));
        as(bob).get("/v2.1/os-keypairs/laptop").then().statusCode(404);
        as(bob).delete("/v2.1/os-keypairs/laptop").then().statusCode(404);
        as(alice).delete("/v2.1/os-keypairs/laptop").then().statusCode(202);
        as(alice).get("/v2.1/os-keypairs/laptop").then().statusCode(404);
        as(alice).get("/v2.1/os-keypairs").then().statusCode(200).body("keypairs.keypair.name", contains("made"));
    }
    private static RequestSpecification at(String version, String token) {
        return as(token).header("OpenStack-API-Version", "compute " + version);
    }

    @Test
    void keypairsHaveATypeFrom22AndAdminsManageOtherUsersFrom210() throws Exception {
        String carol = "carol-" + UUID.randomUUID();
        String carolToken = TestTokens.token(carol, "demo", "member");
        // 2.2: 201 and 204, the type shown; 2.1 takes no type
        at("2.2", carolToken).body(Map.of("keypair", Map.of("name", "ed", "public_key", ED25519, "type", "ssh"))).post("/v2.1/os-keypairs")
                .then().statusCode(201).body("keypair.type", equalTo("ssh"));
        as(carolToken).body(Map.of("keypair", Map.of("name", "t", "public_key", ED25519, "type", "ssh"))).post("/v2.1/os-keypairs")
                .then().statusCode(400).body("badRequest.message", containsString("'type' was unexpected"));
        at("2.2", carolToken).body(Map.of("keypair", Map.of("name", "t", "type", "gpg"))).post("/v2.1/os-keypairs").then().statusCode(400);
        as(carolToken).get("/v2.1/os-keypairs").then().body("keypairs[0].keypair", not(hasKey("type")));
        at("2.2", carolToken).get("/v2.1/os-keypairs/ed").then().body("keypair.type", equalTo("ssh"));

        // x509: generated (a certificate that verifies with its own key, its SHA-1 the fingerprint) or imported
        Map<String, Object> made = at("2.2", carolToken).body(Map.of("keypair", Map.of("name", "cert", "type", "x509")))
                .post("/v2.1/os-keypairs").then().statusCode(201).body("keypair.type", equalTo("x509"))
                .body("keypair.private_key", startsWith("-----BEGIN PRIVATE KEY-----")).extract().path("keypair");
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(((String) made.get("public_key")).getBytes(StandardCharsets.US_ASCII)));
        certificate.verify(certificate.getPublicKey());
        certificate.checkValidity();
        assertEquals("CN=" + carol, certificate.getSubjectX500Principal().getName());
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), certificate.getExtendedKeyUsage());
        assertEquals(HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded())),
                made.get("fingerprint"));
        at("2.2", carolToken).body(Map.of("keypair", Map.of("name", "cert2", "type", "x509", "public_key", made.get("public_key"))))
                .post("/v2.1/os-keypairs").then().statusCode(201).body("keypair.fingerprint", equalTo(made.get("fingerprint")));
        at("2.2", carolToken).body(Map.of("keypair", Map.of("name", "cert3", "type", "x509", "public_key", ED25519)))
                .post("/v2.1/os-keypairs").then().statusCode(400).body("badRequest.message", containsString("failed to generate fingerprint"));

        // 2.10: an admin lists, shows, creates and deletes another user's keypairs; a member may not
        at("2.10", admin).get("/v2.1/os-keypairs?user_id=" + carol).then().statusCode(200)
                .body("keypairs.keypair.name", contains("cert", "cert2", "ed"));
        at("2.9", admin).get("/v2.1/os-keypairs?user_id=" + carol).then().statusCode(200).body("keypairs", equalTo(List.of()));
        at("2.10", alice).get("/v2.1/os-keypairs?user_id=" + carol).then().statusCode(403);
        at("2.10", alice).get("/v2.1/os-keypairs/ed?user_id=" + carol).then().statusCode(403);
        at("2.10", admin).get("/v2.1/os-keypairs/ed?user_id=" + carol).then().statusCode(200).body("keypair.user_id", equalTo(carol));
        at("2.10", alice).body(Map.of("keypair", Map.of("name", "planted", "public_key", ED25519, "user_id", carol)))
                .post("/v2.1/os-keypairs").then().statusCode(403);
        at("2.9", admin).body(Map.of("keypair", Map.of("name", "planted", "public_key", ED25519, "user_id", carol)))
                .post("/v2.1/os-keypairs").then().statusCode(400);
        at("2.10", admin).body(Map.of("keypair", Map.of("name", "planted", "public_key", ED25519, "user_id", carol)))
                .post("/v2.1/os-keypairs").then().statusCode(201).body("keypair.user_id", equalTo(carol));
        at("2.10", carolToken).get("/v2.1/os-keypairs/planted").then().statusCode(200);
        at("2.10", alice).delete("/v2.1/os-keypairs/planted?user_id=" + carol).then().statusCode(403);
        at("2.10", admin).delete("/v2.1/os-keypairs/planted?user_id=" + carol).then().statusCode(204);
        at("2.10", carolToken).get("/v2.1/os-keypairs/planted").then().statusCode(404);
        at("2.2", carolToken).delete("/v2.1/os-keypairs/ed").then().statusCode(204);
    }

    @Test
    void serverGroupsShowTheirOwnersFrom213AndTakeSoftPoliciesFrom215() {
        String project = "soft-" + UUID.randomUUID();
        String userId = "gina-" + UUID.randomUUID();
        String member = TestTokens.token(userId, project, "member");
        Map<String, Object> soft = Map.of("server_group", Map.of("name", "near", "policies", List.of("soft-affinity")));
        at("2.14", member).body(soft).post("/v2.1/os-server-groups").then().statusCode(400);
        String id = at("2.15", member).body(soft).post("/v2.1/os-server-groups").then().statusCode(200)
                .body("server_group.policies", contains("soft-affinity")).body("server_group.project_id", equalTo(project))
                .body("server_group.user_id", equalTo(userId)).extract().path("server_group.id");
        at("2.15", member).body(Map.of("server_group", Map.of("name", "far", "policies", List.of("soft-anti-affinity"))))
                .post("/v2.1/os-server-groups").then().statusCode(200);
        at("2.12", member).get("/v2.1/os-server-groups/" + id).then().statusCode(200).body("server_group", not(hasKey("project_id")));
        at("2.13", member).get("/v2.1/os-server-groups/" + id).then().statusCode(200).body("server_group.user_id", equalTo(userId));
    }

    @Test
    void aPrivateFlavorIsSeenByTheProjectsItIsSharedWith() {
        String id = "shared-" + UUID.randomUUID();
        as(admin).body(Map.of("flavor", Map.of("name", id, "ram", 64, "vcpus", 1, "disk", 0, "id", id, "os-flavor-access:is_public", false)))
                .post("/v2.1/flavors").then().statusCode(200);
        as(alice).get("/v2.1/flavors/" + id).then().statusCode(404);
        as(alice).body(Map.of("addTenantAccess", Map.of("tenant", "demo"))).post("/v2.1/flavors/" + id + "/action").then().statusCode(403);
        as(admin).body(Map.of("addTenantAccess", Map.of("tenant", "demo"))).post("/v2.1/flavors/" + id + "/action").then().statusCode(200)
                .body("flavor_access", equalTo(List.of(Map.of("flavor_id", id, "tenant_id", "demo"))));
        as(admin).body(Map.of("addTenantAccess", Map.of("tenant", "demo"))).post("/v2.1/flavors/" + id + "/action").then().statusCode(409);
        as(admin).body(Map.of("addTenantAccess", Map.of("tenant", "demo"))).post("/v2.1/flavors/1/action").then().statusCode(409)
                .body("conflictingRequest.message", containsString("public flavor"));
        as(admin).body(Map.of("resize", Map.of())).post("/v2.1/flavors/" + id + "/action").then().statusCode(400);
        as(admin).get("/v2.1/flavors/" + id + "/os-flavor-access").then().statusCode(200).body("flavor_access.tenant_id", contains("demo"));
        as(admin).get("/v2.1/flavors/1/os-flavor-access").then().statusCode(404);
        as(alice).get("/v2.1/flavors/" + id + "/os-flavor-access").then().statusCode(403);

        as(alice).get("/v2.1/flavors/" + id).then().statusCode(200).body("flavor.'os-flavor-access:is_public'", equalTo(false));
        as(alice).get("/v2.1/flavors/detail").then().statusCode(200).body("flavors.id", hasItem(id));
        String stranger = TestTokens.token("carol-" + UUID.randomUUID(), "elsewhere", "member");
        as(stranger).get("/v2.1/flavors/detail").then().statusCode(200).body("flavors.id", not(hasItem(id)));

        as(admin).body(Map.of("removeTenantAccess", Map.of("tenant", "demo"))).post("/v2.1/flavors/" + id + "/action").then().statusCode(200)
                .body("flavor_access", equalTo(List.of()));
        as(admin).body(Map.of("removeTenantAccess", Map.of("tenant", "demo"))).post("/v2.1/flavors/" + id + "/action").then().statusCode(404);
        as(alice).get("/v2.1/flavors/" + id).then().statusCode(404);
        as(admin).delete("/v2.1/flavors/" + id).then().statusCode(202);
    }

    @Test
    void serverGroupsBelongToAProjectAndCountAgainstItsQuota() {
        String project = "groups-" + UUID.randomUUID();
        String member = TestTokens.token("dave-" + UUID.randomUUID(), project, "member");
        String colleague = TestTokens.token("erin-" + UUID.randomUUID(), project, "member");
        String reader = TestTokens.token("fay-" + UUID.randomUUID(), project, "reader");
        String id = as(member).body(Map.of("server_group", Map.of("name", "web", "policies", List.of("anti-affinity"))))
                .post("/v2.1/os-server-groups").then().statusCode(200).body("server_group.policies", contains("anti-affinity"))
                .body("server_group.members", equalTo(List.of())).extract().path("server_group.id");
        as(member).body(Map.of("server_group", Map.of("name", "x", "policies", List.of("soft-affinity")))).post("/v2.1/os-server-groups")
                .then().statusCode(400);
        as(member).body(Map.of("server_group", Map.of("name", "x", "policies", List.of("affinity", "anti-affinity"))))
                .post("/v2.1/os-server-groups").then().statusCode(400);
        as(member).body(Map.of("server_group", Map.of("name", "x", "policies", List.of("affinity"), "rules", Map.of())))
                .post("/v2.1/os-server-groups").then().statusCode(400);
        as(member).body(Map.of("server_group", Map.of("policies", List.of("affinity")))).post("/v2.1/os-server-groups").then().statusCode(400);
        as(reader).body(Map.of("server_group", Map.of("name", "x", "policies", List.of("affinity")))).post("/v2.1/os-server-groups")
                .then().statusCode(403);
        as(colleague).get("/v2.1/os-server-groups").then().statusCode(200).body("server_groups.id", contains(id));
        as(alice).get("/v2.1/os-server-groups/" + id).then().statusCode(404);
        as(alice).get("/v2.1/os-server-groups?all_projects=true").then().statusCode(200).body("server_groups.id", not(hasItem(id)));
        as(admin).get("/v2.1/os-server-groups?all_projects=true").then().statusCode(200).body("server_groups.id", hasItem(id));
        as(member).get("/v2.1/limits").then().statusCode(200).body("limits.absolute.totalServerGroupsUsed", equalTo(1))
                .body("limits.absolute.maxServerGroups", equalTo(10)).body("limits.absolute.maxTotalKeypairs", equalTo(100));

        for (int i = 2; i <= 10; i++) {
            as(member).body(Map.of("server_group", Map.of("name", "g" + i, "policies", List.of("affinity")))).post("/v2.1/os-server-groups")
                    .then().statusCode(200);
        }
        as(member).body(Map.of("server_group", Map.of("name", "g11", "policies", List.of("affinity")))).post("/v2.1/os-server-groups")
                .then().statusCode(403).body("forbidden.message", containsString("too many server groups"));
        as(member).get("/v2.1/os-server-groups?limit=3&offset=1").then().statusCode(200).body("server_groups.name", contains("g2", "g3", "g4"));
        as(alice).delete("/v2.1/os-server-groups/" + id).then().statusCode(404);
        as(member).delete("/v2.1/os-server-groups/" + id).then().statusCode(204);
        as(member).get("/v2.1/os-server-groups/" + id).then().statusCode(404);
        as(member).get("/v2.1/limits").then().statusCode(200).body("limits.absolute.totalServerGroupsUsed", equalTo(9));
    }
}
