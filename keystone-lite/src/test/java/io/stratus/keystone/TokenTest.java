package io.stratus.keystone;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.stratus.keystone.service.BootstrapService;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `POST/GET/HEAD/DELETE /v3/auth/tokens` with every method and scope. */
@QuarkusTest
class TokenTest {

    @Inject
    BootstrapService bootstrap;

    @BeforeEach
    void setUp() {
        Fixture.bootstrap(bootstrap);
    }

    @Test
    void passwordProjectScopedTokenCarriesRolesAndCatalog() {
        Fixture.passwordAuth("admin", Fixture.ADMIN_PASSWORD, Fixture.projectScope("admin"))
                .then().statusCode(201)
                .header("X-Subject-Token", notNullValue())
                .header("x-openstack-request-id", org.hamcrest.Matchers.startsWith("req-"))
                .body("token.methods", equalTo(List.of("password")))
                .body("token.user.name", equalTo("admin"))
                .body("token.user.domain.id", equalTo("default"))
                .body("token.project.name", equalTo("admin"))
                .body("token.roles.name", hasItem("admin"))
                .body("token.roles.name", hasItem("member"))
                .body("token.roles.name", hasItem("reader"))
                .body("token.catalog.type", hasItem("identity"))
                .body("token.expires_at", notNullValue());
    }

    @Test
    void bootstrappedServiceUsersHoldServiceAndMemberOnTheServiceProject() {
        String name = Fixture.unique("glance");
        for (int run = 0; run < 2; run++) { // idempotent, as the stack bootstraps on every start
            bootstrap.bootstrap(new BootstrapService.Request("admin", Fixture.ADMIN_PASSWORD, "admin", "RegionOne",
                    Map.of("identity", Fixture.identityUrl()), Map.of(name, "service-pw-1")));
        }
        Fixture.passwordAuth(name, "service-pw-1", Fixture.projectScope(BootstrapService.SERVICE_PROJECT)).then().statusCode(201)
                .body("token.roles.name", hasItem("service"))
                .body("token.roles.name", hasItem("member"))
                .body("token.roles.name", org.hamcrest.Matchers.not(hasItem("admin")));
    }

    @Test
    void unscopedTokenHasNoRolesNorCatalog() {
        String admin = Fixture.adminToken();
        String name = Fixture.unique("loner");
        given().header("X-Auth-Token", admin).contentType(ContentType.JSON)
                .body(Map.of("user", Map.of("name", name, "password", "pw-loner-1"))).post("/v3/users").then().statusCode(201);
        Fixture.passwordAuth(name, "pw-loner-1", null).then().statusCode(201)
                .body("token.roles", nullValue()).body("token.catalog", nullValue()).body("token.project", nullValue());
    }

    @Test
    void domainAndSystemScopes() {
        Fixture.passwordAuth("admin", Fixture.ADMIN_PASSWORD, Map.of("system", Map.of("all", true)))
                .then().statusCode(201).body("token.system.all", equalTo(true)).body("token.roles.name", hasItem("admin"));
        // admin holds no role on the default domain itself
        Fixture.passwordAuth("admin", Fixture.ADMIN_PASSWORD, Map.of("domain", Map.of("id", "default")))
                .then().statusCode(401).body("error.code", equalTo(401));
    }

    @Test
    void validateCheckAndRevoke() {
        String admin = Fixture.adminToken();
        String subject = Fixture.adminToken();
        given().header("X-Auth-Token", admin).header("X-Subject-Token", subject).get("/v3/auth/tokens")
                .then().statusCode(200).header("X-Subject-Token", subject).body("token.project.name", equalTo("admin"));
        given().header("X-Auth-Token", admin).header("X-Subject-Token", subject).head("/v3/auth/tokens").then().statusCode(200);
        given().header("X-Auth-Token", admin).header("X-Subject-Token", subject).delete("/v3/auth/tokens").then().statusCode(204);
        given().header("X-Auth-Token", admin).header("X-Subject-Token", subject).get("/v3/auth/tokens").then().statusCode(404);
        given().header("X-Auth-Token", subject).get("/v3/projects").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Keystone uri="));
        // the caller's own token still works
        given().header("X-Auth-Token", admin).get("/v3/projects").then().statusCode(200);
    }

    @Test
    void tokenMethodRescopesAndKeepsAuditChain() {
        String unscoped = Fixture.passwordAuth("admin", Fixture.ADMIN_PASSWORD, null).header("X-Subject-Token");
        Response rescoped = given().contentType(ContentType.JSON).body(Map.of("auth", Map.of(
                "identity", Map.of("methods", List.of("token"), "token", Map.of("id", unscoped)),
                "scope", Fixture.projectScope("admin")))).post("/v3/auth/tokens");
        rescoped.then().statusCode(201).body("token.project.name", equalTo("admin")).body("token.audit_ids", hasSize(2));
        List<String> audits = rescoped.path("token.audit_ids");
        assertNotEquals(audits.get(0), audits.get(1));
        // revoking the parent's chain is not needed to revoke the child: the child's own audit id is enough
        String child = rescoped.header("X-Subject-Token");
        String admin = Fixture.adminToken();
        given().header("X-Auth-Token", admin).header("X-Subject-Token", child).delete("/v3/auth/tokens").then().statusCode(204);
        given().header("X-Auth-Token", child).get("/v3/auth/projects").then().statusCode(401);
        given().header("X-Auth-Token", unscoped).get("/v3/auth/projects").then().statusCode(200);
    }

    @Test
    void applicationCredentialAuthenticatesWithItsRolesOnly() {
        String admin = Fixture.adminToken();
        String project = Fixture.unique("acp");
        String user = Fixture.unique("acu");
        String userId = Fixture.userWithRole(admin, user, "pw-acu-123", project, "member");
        String userToken = Fixture.token(user, "pw-acu-123", project);
        Response created = given().header("X-Auth-Token", userToken).contentType(ContentType.JSON)
                .body(Map.of("application_credential", Map.of("name", "ci", "roles", List.of(Map.of("name", "reader")))))
                .post("/v3/users/" + userId + "/application_credentials");
        created.then().statusCode(201).body("application_credential.secret", notNullValue())
                .body("application_credential.roles.name", equalTo(List.of("reader")));
        String id = created.path("application_credential.id");
        String secret = created.path("application_credential.secret");

        Response byId = given().contentType(ContentType.JSON).body(Map.of("auth", Map.of("identity", Map.of(
                "methods", List.of("application_credential"),
                "application_credential", Map.of("id", id, "secret", secret))))).post("/v3/auth/tokens");
        byId.then().statusCode(201).body("token.roles.name", equalTo(List.of("reader")))
                .body("token.project.name", equalTo(project)).body("token.application_credential.id", equalTo(id))
                .body("token.methods", equalTo(List.of("application_credential")));

        given().contentType(ContentType.JSON).body(Map.of("auth", Map.of("identity", Map.of(
                "methods", List.of("application_credential"),
                "application_credential", Map.of("name", "ci", "secret", secret,
                        "user", Map.of("name", user, "domain", Map.of("id", "default"))))))).post("/v3/auth/tokens")
                .then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("auth", Map.of("identity", Map.of(
                "methods", List.of("application_credential"),
                "application_credential", Map.of("id", id, "secret", secret + "x"))))).post("/v3/auth/tokens")
                .then().statusCode(401);

        // a restricted application credential token may not mint more application credentials
        String acToken = byId.header("X-Subject-Token");
        given().header("X-Auth-Token", acToken).contentType(ContentType.JSON)
                .body(Map.of("application_credential", Map.of("name", "more")))
                .post("/v3/users/" + userId + "/application_credentials").then().statusCode(403);

        given().header("X-Auth-Token", userToken).delete("/v3/users/" + userId + "/application_credentials/" + id).then().statusCode(204);
        given().contentType(ContentType.JSON).body(Map.of("auth", Map.of("identity", Map.of(
                "methods", List.of("application_credential"),
                "application_credential", Map.of("id", id, "secret", secret))))).post("/v3/auth/tokens")
                .then().statusCode(401);
        given().header("X-Auth-Token", acToken).get("/v3/auth/projects").then().statusCode(401);
    }

    @Test
    void authEndpointsListWhatTheCallerCanReach() {
        String admin = Fixture.adminToken();
        given().header("X-Auth-Token", admin).get("/v3/auth/projects").then().statusCode(200).body("projects.name", hasItem("admin"));
        given().header("X-Auth-Token", admin).get("/v3/auth/system").then().statusCode(200).body("system[0].all", equalTo(true));
        given().header("X-Auth-Token", admin).get("/v3/auth/catalog").then().statusCode(200).body("catalog.type", hasItem("identity"));
        given().header("X-Auth-Token", admin).get("/v3/auth/domains").then().statusCode(200);
    }

    @Test
    void passwordChangeRevokesOldTokensAndHonoursHistory() {
        String admin = Fixture.adminToken();
        String project = Fixture.unique("pcp");
        String user = Fixture.unique("pcu");
        String userId = Fixture.userWithRole(admin, user, "first-pass-1", project, "member");
        String before = Fixture.token(user, "first-pass-1", project);
        given().header("X-Auth-Token", before).contentType(ContentType.JSON)
                .body(Map.of("user", Map.of("original_password", "wrong", "password", "second-pass-2")))
                .post("/v3/users/" + userId + "/password").then().statusCode(401);
        given().header("X-Auth-Token", before).contentType(ContentType.JSON)
                .body(Map.of("user", Map.of("original_password", "first-pass-1", "password", "second-pass-2")))
                .post("/v3/users/" + userId + "/password").then().statusCode(204);
        given().header("X-Auth-Token", before).get("/v3/auth/projects").then().statusCode(401);
        String after = Fixture.token(user, "second-pass-2", project);
        // unique_last_password_count=2 in the test profile: going back to the first password is refused
        given().header("X-Auth-Token", after).contentType(ContentType.JSON)
                .body(Map.of("user", Map.of("original_password", "second-pass-2", "password", "first-pass-1")))
                .post("/v3/users/" + userId + "/password").then().statusCode(400)
                .body("error.message", containsString("last 2"));
        Fixture.passwordAuth(user, "first-pass-1", null).then().statusCode(401);
    }

    @Test
    void lockoutAfterRepeatedFailuresThenExpires() throws InterruptedException {
        String admin = Fixture.adminToken();
        String project = Fixture.unique("lop");
        String user = Fixture.unique("lou");
        Fixture.userWithRole(admin, user, "right-pass-1", project, "member");
        for (int i = 0; i < 3; i++) {
            Fixture.passwordAuth(user, "wrong-pass", null).then().statusCode(401);
        }
        // locked: even the right password fails, with the same answer as a wrong one
        Response locked = Fixture.passwordAuth(user, "right-pass-1", null);
        assertEquals(401, locked.statusCode());
        String unknownUserMessage = Fixture.passwordAuth("no-such-user-" + user, "x", null).path("error.message");
        String lockedMessage = locked.path("error.message");
        assertEquals(unknownUserMessage, lockedMessage);
        Thread.sleep(2200); // lockout-duration=2s in the test profile
        Fixture.passwordAuth(user, "right-pass-1", null).then().statusCode(201);
    }

    @Test
    void disablingAUserRevokesItsTokens() {
        String admin = Fixture.adminToken();
        String project = Fixture.unique("dup");
        String user = Fixture.unique("duu");
        String userId = Fixture.userWithRole(admin, user, "pw-duu-123", project, "member");
        String token = Fixture.token(user, "pw-duu-123", project);
        given().header("X-Auth-Token", token).get("/v3/auth/projects").then().statusCode(200);
        given().header("X-Auth-Token", admin).contentType(ContentType.JSON).body(Map.of("user", Map.of("enabled", false)))
                .patch("/v3/users/" + userId).then().statusCode(200).body("user.enabled", equalTo(false));
        given().header("X-Auth-Token", token).get("/v3/auth/projects").then().statusCode(401);
        Fixture.passwordAuth(user, "pw-duu-123", null).then().statusCode(401);
    }
}
