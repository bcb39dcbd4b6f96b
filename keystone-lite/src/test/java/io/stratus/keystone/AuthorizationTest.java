package io.stratus.keystone;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stratus.keystone.service.BootstrapService;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A user without the admin role cannot list or change other users, projects or assignments; what it may do still works. */
@QuarkusTest
class AuthorizationTest {

    @Inject
    BootstrapService bootstrap;
    String admin;
    String member;
    String memberId;
    String otherUserId;
    String projectId;
    String roleId;

    @BeforeEach
    void setUp() {
        Fixture.bootstrap(bootstrap);
        admin = Fixture.adminToken();
        String project = Fixture.unique("authz");
        String user = Fixture.unique("carol");
        memberId = Fixture.userWithRole(admin, user, "pw-carol-12", project, "member");
        member = Fixture.token(user, "pw-carol-12", project);
        projectId = given().header("X-Auth-Token", admin).queryParam("name", project).get("/v3/projects").path("projects[0].id");
        otherUserId = given().header("X-Auth-Token", admin).contentType(ContentType.JSON)
                .body(Map.of("user", Map.of("name", Fixture.unique("dave"), "password", "pw-dave-123"))).post("/v3/users")
                .then().statusCode(201).extract().path("user.id");
        roleId = given().header("X-Auth-Token", admin).queryParam("name", "admin").get("/v3/roles").path("roles[0].id");
    }

    @Test
    void memberCannotListOrChangeOthers() {
        given().header("X-Auth-Token", member).get("/v3/users").then().statusCode(403).body("error.code", equalTo(403));
        given().header("X-Auth-Token", member).get("/v3/users/" + otherUserId).then().statusCode(403);
        given().header("X-Auth-Token", member).contentType(ContentType.JSON).body(Map.of("user", Map.of("enabled", false)))
                .patch("/v3/users/" + otherUserId).then().statusCode(403);
        given().header("X-Auth-Token", member).delete("/v3/users/" + otherUserId).then().statusCode(403);
        given().header("X-Auth-Token", member).get("/v3/projects").then().statusCode(403);
        given().header("X-Auth-Token", member).contentType(ContentType.JSON).body(Map.of("project", Map.of("name", "sneaky")))
                .post("/v3/projects").then().statusCode(403);
        given().header("X-Auth-Token", member).get("/v3/role_assignments").then().statusCode(403);
        // and cannot make itself admin
        given().header("X-Auth-Token", member).put("/v3/projects/" + projectId + "/users/" + memberId + "/roles/" + roleId)
                .then().statusCode(403);
        given().header("X-Auth-Token", admin).get("/v3/users/" + otherUserId).then().statusCode(200).body("user.enabled", equalTo(true));
        given().header("X-Auth-Token", admin).head("/v3/projects/" + projectId + "/users/" + memberId + "/roles/" + roleId)
                .then().statusCode(404);
    }

    @Test
    void memberStillReachesItsOwnThings() {
        given().header("X-Auth-Token", member).get("/v3/users/" + memberId).then().statusCode(200).body("user.id", equalTo(memberId));
        given().header("X-Auth-Token", member).get("/v3/projects/" + projectId).then().statusCode(200);
        given().header("X-Auth-Token", member).get("/v3/users/" + memberId + "/projects").then().statusCode(200)
                .body("projects[0].id", equalTo(projectId));
        given().header("X-Auth-Token", member).header("X-Subject-Token", member).get("/v3/auth/tokens").then().statusCode(200);
        given().header("X-Auth-Token", member).header("X-Subject-Token", admin).get("/v3/auth/tokens").then().statusCode(403);
    }
}
