package io.stratus.keystone;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.keystone.service.BootstrapService;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Malformed, mistyped, unknown, duplicate and forged input: the right 4xx with an error body, and nothing changed. */
@QuarkusTest
class BadInputTest {

    @Inject
    BootstrapService bootstrap;
    String admin;

    @BeforeEach
    void setUp() {
        Fixture.bootstrap(bootstrap);
        admin = Fixture.adminToken();
    }

    @Test
    void malformedJsonIs400() {
        given().header("X-Auth-Token", admin).contentType(ContentType.JSON).body("{\"project\": {\"name\": ")
                .post("/v3/projects").then().statusCode(400).body("error.code", equalTo(400)).body("error.title", equalTo("Bad Request"));
        given().contentType(ContentType.JSON).body("not json at all").post("/v3/auth/tokens")
                .then().statusCode(400).body("error.code", equalTo(400));
    }

    @Test
    void missingFieldsAndWrongTypesAre400AndCreateNothing() {
        String name = Fixture.unique("typed");
        given().header("X-Auth-Token", admin).contentType(ContentType.JSON).body(Map.of("project", Map.of()))
                .post("/v3/projects").then().statusCode(400).body("error.message", containsString("'name'"));
        given().header("X-Auth-Token", admin).contentType(ContentType.JSON).body(Map.of("project", Map.of("name", 42)))
                .post("/v3/projects").then().statusCode(400).body("error.message", containsString("'string'"));
        given().header("X-Auth-Token", admin).contentType(ContentType.JSON)
                .body(Map.of("project", Map.of("name", name, "enabled", "yes"))).post("/v3/projects")
                .then().statusCode(400).body("error.message", containsString("'boolean'"));
        given().header("X-Auth-Token", admin).queryParam("name", name).get("/v3/projects")
                .then().statusCode(200).body("projects.size()", equalTo(0));
        given().header("X-Auth-Token", admin).contentType(ContentType.JSON).body(Map.of("user", "alice"))
                .post("/v3/users").then().statusCode(400);
        given().header("X-Auth-Token", admin).contentType(ContentType.JSON).body(List.of(1, 2))
                .post("/v3/users").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("auth", Map.of("identity", Map.of("methods", "password"))))
                .post("/v3/auth/tokens").then().statusCode(400).body("error.code", equalTo(400));
        given().contentType(ContentType.JSON).body(Map.of("auth", Map.of("identity", Map.of("methods", List.of("password")))))
                .post("/v3/auth/tokens").then().statusCode(400);
    }

    @Test
    void unknownIdsAre404() {
        given().header("X-Auth-Token", admin).get("/v3/projects/nope").then().statusCode(404)
                .body("error.message", equalTo("Could not find project: nope."));
        given().header("X-Auth-Token", admin).get("/v3/users/nope").then().statusCode(404).body("error.code", equalTo(404));
        given().header("X-Auth-Token", admin).get("/v3/roles/nope").then().statusCode(404);
        given().header("X-Auth-Token", admin).put("/v3/projects/nope/users/nope/roles/nope").then().statusCode(404);
        given().header("X-Auth-Token", admin).get("/v3/no-such-collection").then().statusCode(404).body("error.code", equalTo(404));
    }

    @Test
    void duplicateNamesAre409() {
        String name = Fixture.unique("dup");
        given().header("X-Auth-Token", admin).contentType(ContentType.JSON).body(Map.of("project", Map.of("name", name)))
                .post("/v3/projects").then().statusCode(201);
        given().header("X-Auth-Token", admin).contentType(ContentType.JSON).body(Map.of("project", Map.of("name", name)))
                .post("/v3/projects").then().statusCode(409).body("error.message", containsString("Duplicate"));
        given().header("X-Auth-Token", admin).contentType(ContentType.JSON).body(Map.of("role", Map.of("name", "admin")))
                .post("/v3/roles").then().statusCode(409);
    }

    @Test
    void wrongPasswordAndUnknownUserLookAlike() {
        String wrong = Fixture.passwordAuth("admin", "not-the-password", null).then().statusCode(401).extract().path("error.message");
        String unknown = Fixture.passwordAuth(Fixture.unique("ghost"), "whatever", null).then().statusCode(401).extract().path("error.message");
        org.junit.jupiter.api.Assertions.assertEquals(wrong, unknown);
    }

    @Test
    void forgedTamperedAndGarbageTokensAre401() {
        String good = Fixture.adminToken();
        String[] parts = good.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
        String tamperedPayload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.replace("\"admin\"", "\"admim\"").getBytes());
        String tampered = parts[0] + "." + tamperedPayload + "." + parts[2];
        String forgedKey = parts[0].substring(0, parts[0].length() - 2) + "." + parts[1] + "." + parts[2];
        // one character of the signature changed (a fixed "A" left it intact when it already began with one: 1 run in 64 failed)
        String badSignature = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? "B" : "A") + parts[2].substring(1);
        for (String token : List.of(tampered, forgedKey, badSignature, "garbage", "a.b.c", good + "x")) {
            given().header("X-Auth-Token", token).get("/v3/projects").then().statusCode(401)
                    .header("WWW-Authenticate", containsString("Keystone uri=")).body("error.code", equalTo(401));
            given().header("X-Auth-Token", admin).header("X-Subject-Token", token).get("/v3/auth/tokens").then().statusCode(404);
        }
        given().get("/v3/projects").then().statusCode(401).body("error.title", equalTo("Unauthorized"));
    }

    @Test
    void tokenForAnotherProjectDoesNotReachIt() {
        String project = Fixture.unique("own");
        String other = Fixture.unique("other");
        String user = Fixture.unique("bob");
        Fixture.userWithRole(admin, user, "pw-bob-1234", project, "member");
        String otherId = given().header("X-Auth-Token", admin).contentType(ContentType.JSON)
                .body(Map.of("project", Map.of("name", other))).post("/v3/projects").then().statusCode(201).extract().path("project.id");
        Fixture.passwordAuth(user, "pw-bob-1234", Fixture.projectScope(other)).then().statusCode(401);
        String token = Fixture.token(user, "pw-bob-1234", project);
        given().header("X-Auth-Token", token).get("/v3/projects/" + otherId).then().statusCode(403).body("error.code", equalTo(403));
    }
}
