package io.stratus.common.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Loading a policy: defaults, policy.yaml overrides, rule references, the default rule, and load-time errors. */
class PolicyTest {

    private static final Map<String, Object> ADMIN = Map.of("roles", Set.of("admin"), "user_id", "u1", "project_id", "p1");
    private static final Map<String, Object> MEMBER = Map.of("roles", Set.of("member"), "user_id", "u2", "project_id", "p1");
    private static final Map<String, Object> READER = Map.of("roles", Set.of("reader"), "user_id", "u3", "project_id", "p2");

    private static final Map<String, String> IDENTITY_DEFAULTS = rules(
            "admin_required", "role:admin",
            "owner", "user_id:%(target.user.id)s",
            "admin_or_owner", "rule:admin_required or rule:owner",
            "identity:get_user", "rule:admin_or_owner",
            "identity:list_users", "rule:admin_required",
            "identity:list_regions", "");

    @TempDir
    Path dir;

    private static Map<String, String> rules(String... namesAndTexts) {
        Map<String, String> rules = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            rules.put(namesAndTexts[i], namesAndTexts[i + 1]);
        }
        return rules;
    }

    private Path policyFile(String yaml) throws Exception {
        return Files.writeString(dir.resolve("policy.yaml"), yaml);
    }

    private static Map<String, Object> userTarget(String userId) {
        return Map.of("target", Map.of("user", Map.of("id", userId)));
    }

    @Test
    void ruleReferencesChainThroughNamedRules() {
        Policy policy = Policy.of(IDENTITY_DEFAULTS);
        assertTrue(policy.check("identity:get_user", userTarget("u2"), MEMBER), "owner");
        assertFalse(policy.check("identity:get_user", userTarget("u9"), MEMBER), "not the owner");
        assertTrue(policy.check("identity:get_user", userTarget("u9"), ADMIN), "admin");
        assertTrue(policy.check("identity:list_regions", Map.of(), Map.of()), "empty rule");
        assertEquals("(rule:admin_required or rule:owner)", policy.describe("admin_or_owner"));
        assertEquals("rule:admin_or_owner", policy.describe("identity:get_user"));
        assertNull(policy.describe("identity:no_such_rule"));
        assertEquals(IDENTITY_DEFAULTS.keySet(), policy.ruleNames());
    }

    @Test
    void unknownActionIsDenied() {
        Policy policy = Policy.of(IDENTITY_DEFAULTS);
        assertFalse(policy.check("identity:delete_everything", Map.of(), ADMIN));
        assertThrows(PolicyDeniedException.class, () -> policy.enforce("identity:delete_everything", Map.of(), ADMIN));
    }

    @Test
    void defaultRuleCoversUnknownActions() {
        Policy policy = Policy.of(rules("default", "role:admin", "identity:list_users", "role:reader"));
        assertTrue(policy.check("identity:anything", Map.of(), ADMIN));
        assertFalse(policy.check("identity:anything", Map.of(), MEMBER));
        assertTrue(policy.check("identity:list_users", Map.of(), READER), "a defined rule does not consult default");
        assertFalse(policy.check("identity:list_users", Map.of(), ADMIN));
    }

    @Test
    void undefinedReferenceDeniesOrFallsBackToDefault() {
        assertFalse(Policy.of(rules("a", "rule:undefined")).check("a", Map.of(), ADMIN));
        assertTrue(Policy.of(rules("a", "not rule:undefined")).check("a", Map.of(), ADMIN));

        Policy withDefault = Policy.of(rules("default", "role:admin", "a", "rule:undefined"));
        assertTrue(withDefault.check("a", Map.of(), ADMIN));
        assertFalse(withDefault.check("a", Map.of(), MEMBER));
    }

    @Test
    void enforceThrowsWithTheAction() {
        Policy policy = Policy.of(IDENTITY_DEFAULTS);
        assertDoesNotThrow(() -> policy.enforce("identity:list_users", Map.of(), ADMIN));
        PolicyDeniedException denied = assertThrows(PolicyDeniedException.class,
                () -> policy.enforce("identity:list_users", Map.of(), MEMBER));
        assertEquals("identity:list_users", denied.action());
        assertTrue(denied.getMessage().contains("identity:list_users"), denied.getMessage());
    }

    @Test
    void yamlOverrideReplacesADefault() throws Exception {
        Path file = policyFile("""
                # operators widen listing users to members
                "identity:list_users": "role:admin or role:member"
                """);
        Policy policy = Policy.load(IDENTITY_DEFAULTS, file);
        assertTrue(policy.check("identity:list_users", Map.of(), MEMBER));
        assertTrue(policy.check("identity:list_users", Map.of(), ADMIN));
        assertFalse(policy.check("identity:list_users", Map.of(), READER));
        assertFalse(Policy.of(IDENTITY_DEFAULTS).check("identity:list_users", Map.of(), MEMBER));
        assertTrue(policy.check("identity:get_user", userTarget("u2"), MEMBER), "other defaults stay");
        assertFalse(policy.check("identity:get_user", userTarget("u9"), MEMBER));
    }

    @Test
    void overridingAHelperRuleChangesEveryRuleThatRefersToIt() throws Exception {
        Path file = policyFile("\"admin_required\": \"role:superuser\"\n");
        Policy policy = Policy.load(IDENTITY_DEFAULTS, file);
        Map<String, Object> superuser = Map.of("roles", Set.of("superuser"), "user_id", "u7");
        assertTrue(policy.check("identity:list_users", Map.of(), superuser));
        assertFalse(policy.check("identity:list_users", Map.of(), ADMIN));
        assertTrue(policy.check("identity:get_user", userTarget("u9"), superuser));
    }

    @Test
    void yamlMayAddRulesUnquotedAndAsJson() throws Exception {
        Path yaml = policyFile("""
                identity:list_users: rule:project_reader
                project_reader: role:reader
                "identity:list_regions": "!"
                """);
        Policy policy = Policy.load(IDENTITY_DEFAULTS, yaml);
        assertTrue(policy.check("identity:list_users", Map.of(), READER));
        assertFalse(policy.check("identity:list_regions", Map.of(), ADMIN));

        Path json = Files.writeString(dir.resolve("policy.json"), "{\"identity:list_users\": \"@\"}");
        assertTrue(Policy.load(IDENTITY_DEFAULTS, json).check("identity:list_users", Map.of(), Map.of()));
    }

    @Test
    void missingNullOrEmptyFileLeavesTheDefaults() throws Exception {
        for (Policy policy : new Policy[] {
            Policy.load(IDENTITY_DEFAULTS, dir.resolve("absent.yaml")),
            Policy.load(IDENTITY_DEFAULTS, null),
            Policy.load(IDENTITY_DEFAULTS, policyFile("")),
            Policy.load(IDENTITY_DEFAULTS, policyFile("# every rule at its default\n")),
        }) {
            assertTrue(policy.check("identity:list_users", Map.of(), ADMIN));
            assertFalse(policy.check("identity:list_users", Map.of(), MEMBER));
        }
    }

    @Test
    void malformedRuleInFileIsRejectedNamingRuleAndFile() throws Exception {
        Path file = policyFile("\"identity:list_users\": \"role:admin or\"\n");
        PolicyLoadException error = assertThrows(PolicyLoadException.class, () -> Policy.load(IDENTITY_DEFAULTS, file));
        assertEquals("identity:list_users", error.ruleName());
        assertTrue(error.getMessage().contains("'identity:list_users'"), error.getMessage());
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("role:admin or"), error.getMessage());
    }

    @Test
    void malformedDefaultIsRejectedNamingTheRule() {
        PolicyLoadException error = assertThrows(PolicyLoadException.class,
                () -> Policy.of(rules("identity:get_user", "role:admin or or role:member")));
        assertEquals("identity:get_user", error.ruleName());
        assertTrue(error.getMessage().contains("default in code"), error.getMessage());
        assertTrue(error.getMessage().contains("column"), error.getMessage());
    }

    @Test
    void errorInAReferencedRuleNamesThatRule() {
        PolicyLoadException error = assertThrows(PolicyLoadException.class,
                () -> Policy.of(rules("identity:get_user", "rule:helper", "helper", "role:")));
        assertEquals("helper", error.ruleName());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"identity:list_users\": [\"role:admin\"]\n",
        "\"identity:list_users\": 1\n",
        "\"identity:list_users\":\n",
    })
    void nonStringRuleInFileIsRejected(String yaml) throws Exception {
        Path file = policyFile(yaml);
        PolicyLoadException error = assertThrows(PolicyLoadException.class, () -> Policy.load(IDENTITY_DEFAULTS, file));
        assertEquals("identity:list_users", error.ruleName());
        assertTrue(error.getMessage().contains("must be a string"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"identity:list_users\": \"role:admin\n",
        "- role:admin\n- role:member\n",
        "\"a\": \"@\"\n\"a\": \"!\"\n",
    })
    void malformedFileIsRejectedNamingTheFile(String yaml) throws Exception {
        Path file = policyFile(yaml);
        PolicyLoadException error = assertThrows(PolicyLoadException.class, () -> Policy.load(IDENTITY_DEFAULTS, file));
        assertNull(error.ruleName());
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    }

    @Test
    void ruleWithoutTextIsRejected() {
        Map<String, String> defaults = new HashMap<>();
        defaults.put("identity:get_user", null);
        PolicyLoadException error = assertThrows(PolicyLoadException.class, () -> Policy.of(defaults));
        assertEquals("identity:get_user", error.ruleName());
    }

    @Test
    void ruleReferringToItselfIsRejected() {
        PolicyLoadException error = assertThrows(PolicyLoadException.class,
                () -> Policy.of(rules("self", "role:admin or rule:self")));
        assertEquals("self", error.ruleName());
        assertTrue(error.getMessage().contains("loop: self -> self"), error.getMessage());
    }

    @Test
    void loopBetweenRulesIsRejected() {
        PolicyLoadException error = assertThrows(PolicyLoadException.class,
                () -> Policy.of(rules("a", "rule:b", "b", "role:x and (rule:c or @)", "c", "not rule:a")));
        assertTrue(error.getMessage().contains("loop: a -> b -> c -> a"), error.getMessage());
    }

    @Test
    void loopIntroducedByAnOverrideIsRejected() throws Exception {
        Path file = policyFile("\"admin_required\": \"rule:admin_or_owner\"\n");
        PolicyLoadException error = assertThrows(PolicyLoadException.class, () -> Policy.load(IDENTITY_DEFAULTS, file));
        assertTrue(error.getMessage().contains("admin_or_owner -> admin_required -> admin_or_owner")
                || error.getMessage().contains("admin_required -> admin_or_owner -> admin_required"), error.getMessage());
    }

    @Test
    void loopThroughTheDefaultRuleIsRejected() {
        PolicyLoadException error = assertThrows(PolicyLoadException.class,
                () -> Policy.of(rules("default", "rule:undefined")));
        assertTrue(error.getMessage().contains("loop"), error.getMessage());
        assertTrue(error.getMessage().contains("rule:undefined is undefined"), error.getMessage());

        assertThrows(PolicyLoadException.class,
                () -> Policy.of(rules("a", "rule:undefined", "default", "rule:a")));
    }

    @Test
    void referenceChainsAreBounded() {
        int limit = RuleCompiler.MAX_REFERENCE_DEPTH;
        Map<String, String> withinLimit = new LinkedHashMap<>();
        for (int i = 0; i < limit - 1; i++) {
            withinLimit.put("r" + i, "rule:r" + (i + 1));
        }
        withinLimit.put("r" + (limit - 1), "role:admin");
        Policy policy = Policy.of(withinLimit);
        assertTrue(policy.check("r0", Map.of(), ADMIN));
        assertFalse(policy.check("r0", Map.of(), MEMBER));

        Map<String, String> tooDeep = new LinkedHashMap<>();
        for (int i = 0; i < limit; i++) {
            tooDeep.put("r" + i, "rule:r" + (i + 1));
        }
        tooDeep.put("r" + limit, "role:admin");
        PolicyLoadException error = assertThrows(PolicyLoadException.class, () -> Policy.of(tooDeep));
        assertTrue(error.getMessage().contains("levels deep"), error.getMessage());
    }

    @Test
    void describesTheCompiledRuleWithOsloPrecedence() {
        Policy policy = Policy.of(rules("r", "role:admin or role:member and project_id:%(project_id)s"));
        assertEquals("(role:admin or (role:member and project_id:%(project_id)s))", policy.describe("r"));
    }
}
