package io.stratus.keystone;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.stratus.keystone.service.BootstrapService;
import java.util.Map;
import java.util.UUID;

/** Test helpers: a bootstrapped admin, unique names, and tokens fetched through the real API. */
public final class Fixture {

    public static final String ADMIN_PASSWORD = "admin-secret-pw";

    private Fixture() {
    }

    /** Bootstraps the admin once per test JVM (idempotent anyway). */
    public static synchronized void bootstrap(BootstrapService bootstrap) {
        bootstrap.bootstrap(new BootstrapService.Request("admin", ADMIN_PASSWORD, "admin", "RegionOne",
                Map.of("identity", identityUrl())));
    }

    /** Where the test instance listens: the catalog must point clients back at it. */
    public static String identityUrl() {
        return "http://127.0.0.1:" + io.restassured.RestAssured.port + "/v3/";
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Response passwordAuth(String user, String password, Map<String, Object> scope) {
        Map<String, Object> auth = new java.util.LinkedHashMap<>();
        auth.put("identity", Map.of("methods", java.util.List.of("password"),
                "password", Map.of("user", Map.of("name", user, "domain", Map.of("id", "default"), "password", password))));
        if (scope != null) {
            auth.put("scope", scope);
        }
        return given().contentType(ContentType.JSON).body(Map.of("auth", auth)).post("/v3/auth/tokens");
    }

    public static Map<String, Object> projectScope(String projectName) {
        return Map.of("project", Map.of("name", projectName, "domain", Map.of("id", "default")));
    }

    public static String token(String user, String password, String projectName) {
        Response response = passwordAuth(user, password, projectName == null ? null : projectScope(projectName));
        if (response.statusCode() != 201) {
            throw new AssertionError("login of " + user + " failed: " + response.statusCode() + " " + response.asString());
        }
        return response.header("X-Subject-Token");
    }

    public static String adminToken() {
        return token("admin", ADMIN_PASSWORD, "admin");
    }

    /** Creates a project, a user with a password and gives the user a role on the project. @return user id */
    public static String userWithRole(String admin, String userName, String password, String projectName, String roleName) {
        String projectId = given().header("X-Auth-Token", admin).contentType(ContentType.JSON)
                .body(Map.of("project", Map.of("name", projectName))).post("/v3/projects")
                .then().statusCode(201).extract().path("project.id");
        String userId = given().header("X-Auth-Token", admin).contentType(ContentType.JSON)
                .body(Map.of("user", Map.of("name", userName, "password", password, "default_project_id", projectId)))
                .post("/v3/users").then().statusCode(201).extract().path("user.id");
        String roleId = given().header("X-Auth-Token", admin).queryParam("name", roleName).get("/v3/roles")
                .then().statusCode(200).extract().path("roles[0].id");
        given().header("X-Auth-Token", admin).put("/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId)
                .then().statusCode(204);
        return userId;
    }
}
