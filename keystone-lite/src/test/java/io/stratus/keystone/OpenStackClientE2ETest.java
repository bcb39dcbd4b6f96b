package io.stratus.keystone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.stratus.keystone.service.BootstrapService;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real python-openstackclient and openstacksdk (Debian's packages) against keystone-lite: the
 * identity issue's end-to-end acceptance, command for command.
 */
@QuarkusTest
@Tag("e2e")
class OpenStackClientE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    BootstrapService bootstrap;

    /** What a command printed and how it ended. */
    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out + "\n" + err, e);
            }
        }
    }

    private Map<String, String> adminEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("OS_AUTH_URL", Fixture.identityUrl());
        env.put("OS_IDENTITY_API_VERSION", "3");
        env.put("OS_USERNAME", "admin");
        env.put("OS_PASSWORD", Fixture.ADMIN_PASSWORD);
        env.put("OS_PROJECT_NAME", "admin");
        env.put("OS_USER_DOMAIN_NAME", "Default");
        env.put("OS_PROJECT_DOMAIN_NAME", "Default");
        env.put("OS_INTERFACE", "public");
        return env;
    }

    private Map<String, String> aliceEnv() {
        Map<String, String> env = adminEnv();
        env.put("OS_USERNAME", "alice");
        env.put("OS_PASSWORD", "alice-Pa55word");
        env.put("OS_PROJECT_NAME", "demo");
        return env;
    }

    private static Run run(Map<String, String> env, String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().keySet().removeIf(k -> k.startsWith("OS_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", argv));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.exitValue(), out, err);
    }

    private static Run ok(Map<String, String> env, String... command) throws Exception {
        Run result = run(env, command);
        assertEquals(0, result.exit(), String.join(" ", command) + " failed:\n" + result.out() + result.err());
        return result;
    }

    @Test
    void openstackClientDrivesIdentityEndToEnd() throws Exception {
        Fixture.bootstrap(bootstrap);
        Map<String, String> admin = adminEnv();
        // a rerun against the same database starts clean
        run(admin, "openstack", "user", "delete", "alice");
        run(admin, "openstack", "project", "delete", "demo");

        JsonNode token = ok(admin, "openstack", "token", "issue", "-f", "json").json();
        assertFalse(token.get("id").asText().isEmpty());
        JsonNode adminProject = ok(admin, "openstack", "project", "show", "admin", "-f", "json").json();
        assertEquals(adminProject.get("id").asText(), token.get("project_id").asText());

        JsonNode catalog = ok(admin, "openstack", "catalog", "list", "-f", "json").json();
        assertTrue(catalog.toString().contains("identity"), catalog.toString());

        JsonNode project = ok(admin, "openstack", "project", "create", "demo", "-f", "json").json();
        assertEquals("demo", project.get("name").asText());
        JsonNode alice = ok(admin, "openstack", "user", "create", "--password", "alice-Pa55word", "alice", "-f", "json").json();
        assertEquals("alice", alice.get("name").asText());
        ok(admin, "openstack", "role", "add", "--project", "demo", "--user", "alice", "member");

        JsonNode assignments = ok(admin, "openstack", "role", "assignment", "list", "--names", "--effective", "-f", "json").json();
        boolean aliceIsMember = false;
        boolean aliceIsReader = false;
        for (JsonNode row : assignments) {
            if (row.get("User").asText().equals("alice@Default") && row.get("Project").asText().equals("demo@Default")) {
                aliceIsMember |= row.get("Role").asText().equals("member");
                aliceIsReader |= row.get("Role").asText().equals("reader");
            }
        }
        assertTrue(aliceIsMember && aliceIsReader, assignments.toString());

        Map<String, String> asAlice = aliceEnv();
        JsonNode credential = ok(asAlice, "openstack", "application", "credential", "create", "ci-robot", "-f", "json").json();
        String credentialId = credential.get("id").asText();
        String secret = credential.get("secret").asText();

        JsonNode aliceToken = ok(asAlice, "openstack", "token", "issue", "-f", "json").json();
        assertEquals(project.get("id").asText(), aliceToken.get("project_id").asText());
        assertEquals(alice.get("id").asText(), aliceToken.get("user_id").asText());

        Map<String, String> byCredential = new HashMap<>();
        byCredential.put("OS_AUTH_URL", Fixture.identityUrl());
        byCredential.put("OS_IDENTITY_API_VERSION", "3");
        byCredential.put("OS_AUTH_TYPE", "v3applicationcredential");
        byCredential.put("OS_APPLICATION_CREDENTIAL_ID", credentialId);
        byCredential.put("OS_APPLICATION_CREDENTIAL_SECRET", secret);
        JsonNode credentialToken = ok(byCredential, "openstack", "token", "issue", "-f", "json").json();
        assertEquals(project.get("id").asText(), credentialToken.get("project_id").asText());
        assertNotEquals(aliceToken.get("id").asText(), credentialToken.get("id").asText());

        // the revoked token fails at once, through the client itself
        String revoked = aliceToken.get("id").asText();
        Map<String, String> withToken = new HashMap<>();
        withToken.put("OS_AUTH_URL", Fixture.identityUrl());
        withToken.put("OS_IDENTITY_API_VERSION", "3");
        withToken.put("OS_AUTH_TYPE", "v3token");
        withToken.put("OS_TOKEN", revoked);
        withToken.put("OS_PROJECT_NAME", "demo");
        withToken.put("OS_PROJECT_DOMAIN_NAME", "Default");
        ok(withToken, "openstack", "token", "issue", "-f", "json");
        ok(admin, "openstack", "token", "revoke", revoked);
        Run afterRevoke = run(withToken, "openstack", "token", "issue", "-f", "json");
        assertNotEquals(0, afterRevoke.exit(), afterRevoke.out());
        assertTrue(afterRevoke.err().contains("401") || afterRevoke.err().toLowerCase().contains("authentication"), afterRevoke.err());

        // openstacksdk connects and lists projects
        String script = String.join("\n",
                "import openstack",
                "conn = openstack.connect(auth_url='" + Fixture.identityUrl() + "', username='admin', password='"
                        + Fixture.ADMIN_PASSWORD + "', project_name='admin', user_domain_name='Default', "
                        + "project_domain_name='Default', identity_api_version='3')",
                "print(' '.join(sorted(p.name for p in conn.identity.projects())))");
        // Debian's interpreter: the one python3-openstacksdk installs into
        Run sdk = ok(Map.of(), "/usr/bin/python3", "-c", script);
        assertTrue(sdk.out().contains("demo") && sdk.out().contains("admin"), sdk.out() + sdk.err());
    }
}
