package io.stratus.common.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** oslo.policy semantics: checks, operators and their precedence, rule references, overrides. */
class PolicyTest {

    private static final Map<String, Object> ADMIN = Map.of("roles", Set.of("admin", "member"), "project_id", "p1", "user_id", "u1");
    private static final Map<String, Object> MEMBER = Map.of("roles", Set.of("member"), "project_id", "p1", "user_id", "u2");
    private static final Map<String, Object> STRANGER = Map.of("roles", Set.of("member"), "project_id", "p2", "user_id", "u3");

    private static boolean allows(String rule, Map<String, Object> credentials, Map<String, Object> target) {
        return Policy.of(Map.of("action", rule)).check("action", target, credentials);
    }

    @ParameterizedTest(name = "{0} for {1}")
    @CsvSource(delimiter = '|', value = {
        "role:admin | admin | true",
        "role:admin | member | false",
        "role:ADMIN | admin | true",
        "role:admin or project_id:%(project_id)s | member | true",
        "role:admin or project_id:%(project_id)s | stranger | false",
        "not role:admin | member | true",
        "not role:admin | admin | false",
        "@ | stranger | true",
        "! | admin | false",
        "role:admin or role:member and project_id:%(project_id)s | stranger | false",
        "role:admin or role:member and project_id:%(project_id)s | member | true",
        "(role:admin or role:member) and project_id:%(project_id)s | stranger | false",
        "(role:admin or role:reader) and not project_id:%(project_id)s | admin | false",
        "user_id:%(target.user.id)s | member | true",
        "user_id:%(target.user.id)s | stranger | false",
        "project_id:'p1' | member | true",
        "project_id:'p1' | stranger | false",
        "role:%(required_role)s | member | true",
    })
    void rules(String rule, String who, boolean expected) {
        Map<String, Object> credentials = switch (who) {
            case "admin" -> ADMIN;
            case "member" -> MEMBER;
            default -> STRANGER;
        };
        String text = rule;
        Map<String, Object> target = Map.of("project_id", "p1", "user", Map.of("id", "u2"), "required_role", "member");
        assertEquals(expected, allows(text, credentials, target), text);
    }

    @Test
    void emptyRuleAllowsEveryone() {
        assertTrue(allows("", STRANGER, Map.of()));
    }

    @Test
    void missingTargetValueFailsTheCheck() {
        assertFalse(allows("project_id:%(project_id)s", MEMBER, Map.of()));
    }

    @Test
    void flatDottedTargetKeysWork() {
        assertTrue(allows("user_id:%(target.user.id)s", MEMBER, Map.of("target.user.id", "u2")));
    }

    @Test
    void ruleReferencesAndUnknownActions() {
        Policy policy = Policy.of(Map.of("admin_required", "role:admin", "owner", "user_id:%(user_id)s",
                "admin_or_owner", "rule:admin_required or rule:owner"));
        assertTrue(policy.check("admin_or_owner", Map.of("user_id", "u2"), MEMBER));
        assertFalse(policy.check("admin_or_owner", Map.of("user_id", "u9"), MEMBER));
        assertTrue(policy.check("admin_or_owner", Map.of("user_id", "u9"), ADMIN));
        assertFalse(policy.check("no_such_action", Map.of(), ADMIN));
        assertFalse(policy.check("rule_to_nowhere", Map.of(), ADMIN));
        PolicyDeniedException denied = assertThrows(PolicyDeniedException.class,
                () -> policy.enforce("admin_required", Map.of(), MEMBER));
        assertEquals("admin_required", denied.action());
    }

    @Test
    void defaultRuleCoversUnknownActions() {
        Policy policy = Policy.of(Map.of("default", "role:admin"));
        assertTrue(policy.check("anything", Map.of(), ADMIN));
        assertFalse(policy.check("anything", Map.of(), MEMBER));
    }

    @Test
    void malformedRulesAreRejectedAtLoad() {
        for (String bad : new String[] {"role:admin or", "(role:admin", "role:admin)", "and role:admin", "justaword",
            "project_id:'unterminated", "role:admin or or role:member"}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Policy.of(Map.of("r", bad)), bad);
            assertTrue(error.getMessage().contains("'r'"), error.getMessage());
        }
    }

    @Test
    void loopsBetweenRulesAreRejectedAtLoad() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Policy.of(Map.of("a", "rule:b", "b", "role:x or rule:a")));
        assertTrue(error.getMessage().contains("loop"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Policy.of(Map.of("self", "rule:self")));
    }

    @Test
    void yamlFileOverridesDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "\"identity:list_users\": \"role:admin or role:member\"\n\"extra\": \"@\"\n");
        Map<String, String> defaults = Map.of("identity:list_users", "role:admin", "identity:get_user", "role:admin");
        Policy policy = Policy.load(defaults, file);
        assertTrue(policy.check("identity:list_users", Map.of(), MEMBER));
        assertFalse(policy.check("identity:get_user", Map.of(), MEMBER));
        assertTrue(policy.check("extra", Map.of(), STRANGER));
        assertFalse(Policy.load(defaults, dir.resolve("missing.yaml")).check("identity:list_users", Map.of(), MEMBER));

        Files.writeString(file, "\"identity:list_users\": \"role:admin or\"\n");
        assertThrows(IllegalArgumentException.class, () -> Policy.load(defaults, file));
    }
}
