package io.stratus.keystone;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.stratus.keystone.service.BootstrapService;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Domains, projects, users, groups, roles, grants, role assignments, catalog and credentials through the API. */
@QuarkusTest
class IdentityCrudTest {

    @Inject
    BootstrapService bootstrap;
    String admin;

    @BeforeEach
    void setUp() {
        Fixture.bootstrap(bootstrap);
        admin = Fixture.adminToken();
    }

    private io.restassured.specification.RequestSpecification asAdmin() {
        return given().header("X-Auth-Token", admin).contentType(ContentType.JSON);
    }

    @Test
    void domainLifecycleCascadesToItsContent() {
        String name = Fixture.unique("dom");
        String domainId = asAdmin().body(Map.of("domain", Map.of("name", name))).post("/v3/domains")
                .then().statusCode(201).body("domain.enabled", equalTo(true)).extract().path("domain.id");
        String projectId = asAdmin().body(Map.of("project", Map.of("name", "p1", "domain_id", domainId))).post("/v3/projects")
                .then().statusCode(201).body("project.domain_id", equalTo(domainId)).extract().path("project.id");
        asAdmin().queryParam("domain_id", domainId).get("/v3/projects").then().statusCode(200).body("projects.id", equalTo(List.of(projectId)));
        asAdmin().delete("/v3/domains/" + domainId).then().statusCode(403);
        asAdmin().body(Map.of("domain", Map.of("enabled", false))).patch("/v3/domains/" + domainId).then().statusCode(200)
                .body("domain.enabled", equalTo(false));
        asAdmin().delete("/v3/domains/" + domainId).then().statusCode(204);
        asAdmin().get("/v3/projects/" + projectId).then().statusCode(404);
        asAdmin().get("/v3/domains/" + domainId).then().statusCode(404);
    }

    @Test
    void projectAndUserUpdatesAndFilters() {
        String name = Fixture.unique("proj");
        String projectId = asAdmin().body(Map.of("project", Map.of("name", name, "description", "first"))).post("/v3/projects")
                .then().statusCode(201).extract().path("project.id");
        asAdmin().body(Map.of("project", Map.of("description", "second", "enabled", false))).patch("/v3/projects/" + projectId)
                .then().statusCode(200).body("project.description", equalTo("second")).body("project.enabled", equalTo(false));
        asAdmin().queryParam("enabled", "false").get("/v3/projects").then().body("projects.id", hasItem(projectId));
        asAdmin().queryParam("enabled", "true").get("/v3/projects").then().body("projects.id", not(hasItem(projectId)));

        String userName = Fixture.unique("erin");
        String userId = asAdmin().body(Map.of("user", Map.of("name", userName, "password", "pw-erin-123", "email", "e@x.org")))
                .post("/v3/users").then().statusCode(201).body("user.email", equalTo("e@x.org")).extract().path("user.id");
        asAdmin().queryParam("name", userName).get("/v3/users").then().body("users.id", equalTo(List.of(userId)));
        asAdmin().body(Map.of("user", Map.of("name", userName + "-renamed"))).patch("/v3/users/" + userId).then().statusCode(200)
                .body("user.name", equalTo(userName + "-renamed"));
        asAdmin().delete("/v3/users/" + userId).then().statusCode(204);
        asAdmin().get("/v3/users/" + userId).then().statusCode(404);
        asAdmin().delete("/v3/projects/" + projectId).then().statusCode(204);
    }

    @Test
    void groupRolesReachMembersAsEffectiveAssignments() {
        String project = Fixture.unique("gp");
        String projectId = asAdmin().body(Map.of("project", Map.of("name", project))).post("/v3/projects").path("project.id");
        String userName = Fixture.unique("gu");
        String userId = asAdmin().body(Map.of("user", Map.of("name", userName, "password", "pw-gu-1234"))).post("/v3/users").path("user.id");
        String groupId = asAdmin().body(Map.of("group", Map.of("name", Fixture.unique("grp")))).post("/v3/groups")
                .then().statusCode(201).extract().path("group.id");
        asAdmin().put("/v3/groups/" + groupId + "/users/" + userId).then().statusCode(204);
        asAdmin().head("/v3/groups/" + groupId + "/users/" + userId).then().statusCode(204);
        asAdmin().get("/v3/users/" + userId + "/groups").then().body("groups.id", equalTo(List.of(groupId)));
        String memberRole = asAdmin().queryParam("name", "member").get("/v3/roles").path("roles[0].id");
        asAdmin().put("/v3/projects/" + projectId + "/groups/" + groupId + "/roles/" + memberRole).then().statusCode(204);

        // the member can now scope to the project, with member and the implied reader
        Fixture.passwordAuth(userName, "pw-gu-1234", Fixture.projectScope(project)).then().statusCode(201)
                .body("token.roles.name", equalTo(List.of("member", "reader")));

        asAdmin().queryParam("group.id", groupId).get("/v3/role_assignments").then().statusCode(200)
                .body("role_assignments", hasSize(1)).body("role_assignments[0].group.id", equalTo(groupId));
        Response effective = asAdmin().queryParam("user.id", userId).queryParam("effective", "").queryParam("include_names", "")
                .get("/v3/role_assignments");
        effective.then().statusCode(200).body("role_assignments.role.name", hasItem("member"))
                .body("role_assignments.role.name", hasItem("reader"))
                .body("role_assignments[0].user.name", equalTo(userName))
                .body("role_assignments[0].scope.project.name", equalTo(project));

        asAdmin().delete("/v3/groups/" + groupId + "/users/" + userId).then().statusCode(204);
        Fixture.passwordAuth(userName, "pw-gu-1234", Fixture.projectScope(project)).then().statusCode(401);
    }

    @Test
    void impliedRolesAndInheritedDomainGrants() {
        String prior = Fixture.unique("prior");
        String implied = Fixture.unique("implied");
        String priorId = asAdmin().body(Map.of("role", Map.of("name", prior))).post("/v3/roles").path("role.id");
        String impliedId = asAdmin().body(Map.of("role", Map.of("name", implied))).post("/v3/roles").path("role.id");
        asAdmin().put("/v3/roles/" + priorId + "/implies/" + impliedId).then().statusCode(201)
                .body("role_inference.implies.id", equalTo(impliedId));
        asAdmin().put("/v3/roles/" + impliedId + "/implies/" + priorId).then().statusCode(400);
        asAdmin().get("/v3/role_inferences").then().statusCode(200).body("role_inferences.prior_role.id", hasItem(priorId));

        String project = Fixture.unique("inh");
        asAdmin().body(Map.of("project", Map.of("name", project))).post("/v3/projects").then().statusCode(201);
        String userName = Fixture.unique("iu");
        String userId = asAdmin().body(Map.of("user", Map.of("name", userName, "password", "pw-iu-12345"))).post("/v3/users").path("user.id");
        asAdmin().put("/v3/OS-INHERIT/domains/default/users/" + userId + "/roles/" + priorId + "/inherited_to_projects")
                .then().statusCode(204);
        Fixture.passwordAuth(userName, "pw-iu-12345", Fixture.projectScope(project)).then().statusCode(201)
                .body("token.roles.name", hasItem(prior)).body("token.roles.name", hasItem(implied));
    }

    @Test
    void catalogCrudShowsUpInTokens() {
        String region = Fixture.unique("Region");
        asAdmin().body(Map.of("region", Map.of("id", region))).post("/v3/regions").then().statusCode(201);
        String serviceId = asAdmin().body(Map.of("service", Map.of("type", "thing-" + region, "name", "thing"))).post("/v3/services")
                .then().statusCode(201).extract().path("service.id");
        String endpointId = asAdmin().body(Map.of("endpoint", Map.of("service_id", serviceId, "interface", "public",
                "url", "http://127.0.0.1:9999/thing", "region_id", region))).post("/v3/endpoints").then().statusCode(201)
                .extract().path("endpoint.id");
        asAdmin().body(Map.of("endpoint", Map.of("service_id", serviceId, "interface", "sideways", "url", "http://x")))
                .post("/v3/endpoints").then().statusCode(400);
        asAdmin().body(Map.of("endpoint", Map.of("service_id", serviceId, "interface", "public", "url", "not a url")))
                .post("/v3/endpoints").then().statusCode(400);
        Fixture.passwordAuth("admin", Fixture.ADMIN_PASSWORD, Fixture.projectScope("admin")).then()
                .body("token.catalog.find { it.id == '" + serviceId + "' }.endpoints[0].url", equalTo("http://127.0.0.1:9999/thing"));
        asAdmin().delete("/v3/regions/" + region).then().statusCode(409);
        asAdmin().delete("/v3/endpoints/" + endpointId).then().statusCode(204);
        asAdmin().delete("/v3/services/" + serviceId).then().statusCode(204);
        asAdmin().delete("/v3/regions/" + region).then().statusCode(204);
    }

    @Test
    void ec2CredentialsForTheS3Api() {
        String project = Fixture.unique("s3p");
        String user = Fixture.unique("s3u");
        String userId = Fixture.userWithRole(admin, user, "pw-s3u-123", project, "member");
        String userToken = Fixture.token(user, "pw-s3u-123", project);
        String projectId = given().header("X-Auth-Token", admin).queryParam("name", project).get("/v3/projects").path("projects[0].id");
        Response created = given().header("X-Auth-Token", userToken).contentType(ContentType.JSON)
                .body(Map.of("tenant_id", projectId)).post("/v3/users/" + userId + "/credentials/OS-EC2");
        created.then().statusCode(201).body("credential.tenant_id", equalTo(projectId));
        String access = created.path("credential.access");
        given().header("X-Auth-Token", userToken).get("/v3/users/" + userId + "/credentials/OS-EC2/" + access)
                .then().statusCode(200).body("credential.secret", equalTo((String) created.path("credential.secret")));
        given().header("X-Auth-Token", admin).queryParam("user_id", userId).queryParam("type", "ec2").get("/v3/credentials")
                .then().statusCode(200).body("credentials", hasSize(1));
        given().header("X-Auth-Token", admin).contentType(ContentType.JSON)
                .body(Map.of("credential", Map.of("user_id", userId, "type", "ec2", "project_id", projectId, "blob", "not json")))
                .post("/v3/credentials").then().statusCode(400);
        given().header("X-Auth-Token", userToken).delete("/v3/users/" + userId + "/credentials/OS-EC2/" + access).then().statusCode(204);
        given().header("X-Auth-Token", userToken).get("/v3/users/" + userId + "/credentials/OS-EC2").then().body("credentials", hasSize(0));
    }
}
