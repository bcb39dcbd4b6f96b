package io.stratus.common.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.common.context.RequestContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What rules allow: checks, operators, literals and substitution from the target, evaluated end to end. */
class PolicyEvaluationTest {

    private static final Map<String, Object> CLOUD_ADMIN = caller("u1", "p9", "d1", false, "admin", "member");
    private static final Map<String, Object> MEMBER = caller("u2", "p1", "d1", false, "member");
    private static final Map<String, Object> OTHER_MEMBER = caller("u3", "p2", "d2", false, "Member");
    private static final Map<String, Object> NO_ROLES = caller("u4", "p1", "d1", false);
    private static final Map<String, Object> SYSTEM_ADMIN = caller("u5", null, null, true, "admin");
    private static final Map<String, Object> ANONYMOUS = RequestContext.anonymous("req-1").policyCredentials();

    private static final Map<String, Object> TARGET = Map.of(
            "project_id", "p1",
            "domain_id", "d1",
            "required_role", "member",
            "target", Map.of("user", Map.of("id", "u2"), "domain_id", "d1"));

    private static Map<String, Object> caller(String user, String project, String domain, boolean system, String... roles) {
        return new RequestContext("req-1", user, user + "-name", "default", project, project, "default", domain, system,
                Set.of(roles), null, null, null).policyCredentials();
    }

    private static boolean allows(String rule, Map<String, ?> target, Map<String, ?> credentials) {
        return Policy.of(Map.of("action", rule)).check("action", target, credentials);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                // role:, case-insensitive on both sides
                Arguments.of("role:admin", CLOUD_ADMIN, true),
                Arguments.of("role:admin", MEMBER, false),
                Arguments.of("role:ADMIN", CLOUD_ADMIN, true),
                Arguments.of("role:member", OTHER_MEMBER, true),
                Arguments.of("role:admin", ANONYMOUS, false),
                Arguments.of("role:'admin'", CLOUD_ADMIN, true),
                Arguments.of("role:%(required_role)s", MEMBER, true),
                Arguments.of("role:%(required_role)s", NO_ROLES, false),
                Arguments.of("role:%(no_such_key)s", CLOUD_ADMIN, false),
                // project ownership
                Arguments.of("role:admin or project_id:%(project_id)s", CLOUD_ADMIN, true),
                Arguments.of("role:admin or project_id:%(project_id)s", MEMBER, true),
                Arguments.of("role:admin or project_id:%(project_id)s", OTHER_MEMBER, false),
                Arguments.of("project_id:%(project_id)s", NO_ROLES, true),
                // not
                Arguments.of("not role:admin", MEMBER, true),
                Arguments.of("not role:admin", CLOUD_ADMIN, false),
                Arguments.of("not project_id:%(project_id)s", OTHER_MEMBER, true),
                Arguments.of("not not role:admin", CLOUD_ADMIN, true),
                // precedence: and binds tighter than or, not tighter than and
                Arguments.of("role:admin or role:member and project_id:%(project_id)s", CLOUD_ADMIN, true),
                Arguments.of("role:admin or role:member and project_id:%(project_id)s", MEMBER, true),
                Arguments.of("role:admin or role:member and project_id:%(project_id)s", OTHER_MEMBER, false),
                Arguments.of("role:member and project_id:%(project_id)s or role:admin", CLOUD_ADMIN, true),
                Arguments.of("not role:admin and role:member", NO_ROLES, false),
                Arguments.of("not role:admin and role:member", MEMBER, true),
                // parentheses override precedence
                Arguments.of("(role:admin or role:member) and project_id:%(project_id)s", CLOUD_ADMIN, false),
                Arguments.of("(role:admin or role:member) and project_id:%(project_id)s", MEMBER, true),
                Arguments.of("not (role:admin and role:member)", NO_ROLES, true),
                Arguments.of("not (role:admin and role:member)", CLOUD_ADMIN, false),
                // @, ! and the empty rule
                Arguments.of("@", ANONYMOUS, true),
                Arguments.of("!", CLOUD_ADMIN, false),
                Arguments.of("! or @", MEMBER, true),
                Arguments.of("@ and !", MEMBER, false),
                Arguments.of("", ANONYMOUS, true),
                // literals on the right
                Arguments.of("project_id:'p1'", MEMBER, true),
                Arguments.of("project_id:\"p1\"", MEMBER, true),
                Arguments.of("project_id:'p1'", OTHER_MEMBER, false),
                Arguments.of("project_id:p1", MEMBER, true),
                Arguments.of("system_scope:all", SYSTEM_ADMIN, true),
                Arguments.of("system_scope:all", CLOUD_ADMIN, false),
                Arguments.of("role:admin and system_scope:all", SYSTEM_ADMIN, true),
                // credential attributes against the target
                Arguments.of("user_id:%(target.user.id)s", MEMBER, true),
                Arguments.of("user_id:%(target.user.id)s", OTHER_MEMBER, false),
                Arguments.of("domain_id:%(target.domain_id)s", MEMBER, true),
                Arguments.of("domain_id:%(target.domain_id)s", OTHER_MEMBER, false),
                Arguments.of("domain_id:%(domain_id)s", SYSTEM_ADMIN, false),
                // a generic check on a list credential matches any element
                Arguments.of("roles:member", MEMBER, true),
                Arguments.of("roles:admin", MEMBER, false));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rules")
    void evaluatesRules(String rule, Map<String, Object> credentials, boolean expected) {
        assertEquals(expected, allows(rule, TARGET, credentials), () -> rule + " for " + credentials);
    }

    static Stream<Arguments> targetShapes() {
        return Stream.of(
                Arguments.of("nested maps", Map.of("target", Map.of("user", Map.of("id", "u2"))), true),
                Arguments.of("flat dotted key, as oslo flattens", Map.of("target.user.id", "u2"), true),
                Arguments.of("dotted key inside a map", Map.of("target", Map.of("user.id", "u2")), true),
                Arguments.of("map under a dotted key", Map.of("target.user", Map.of("id", "u2")), true),
                Arguments.of("target object without the target wrapper", Map.of("user", Map.of("id", "u2")), true),
                Arguments.of("someone else", Map.of("target", Map.of("user", Map.of("id", "u3"))), false),
                Arguments.of("value missing", Map.of("target", Map.of("user", Map.of())), false),
                Arguments.of("path through a non-map", Map.of("target", Map.of("user", "u2")), false),
                Arguments.of("value is a map", Map.of("target", Map.of("user", Map.of("id", Map.of("x", "u2")))), false),
                Arguments.of("value is a list", Map.of("target.user.id", List.of("u2")), false),
                Arguments.of("empty target", Map.of(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targetShapes")
    void substitutesFromNestedAndFlatTargets(String shape, Map<String, Object> target, boolean expected) {
        assertEquals(expected, allows("user_id:%(target.user.id)s", target, MEMBER));
    }

    @Test
    void flatDottedKeyWinsOverNestedMaps() {
        Map<String, Object> target = Map.of("target.user.id", "u2", "target", Map.of("user", Map.of("id", "u3")));
        assertTrue(allows("user_id:%(target.user.id)s", target, MEMBER));
        assertFalse(allows("user_id:%(target.user.id)s", target, OTHER_MEMBER));
    }

    @Test
    void missingValuesNeverMatchEachOther() {
        Map<String, Object> projectless = new HashMap<>();
        projectless.put("project_id", null);
        assertFalse(allows("project_id:%(project_id)s", projectless, SYSTEM_ADMIN),
                "a caller without a project must not own a target without one");
        assertFalse(allows("project_id:%(project_id)s", Map.of(), SYSTEM_ADMIN));
        assertFalse(allows("project_id:%(project_id)s", TARGET, Map.of()));
        assertFalse(allows("project_id:%(project_id)s", null, MEMBER));
        assertTrue(allows("not project_id:%(project_id)s", Map.of(), MEMBER),
                "a check on a missing target value fails, so its negation passes, as in oslo.policy");
    }

    @Test
    void literalOnTheLeftComparesWithTheTarget() {
        assertTrue(allows("'member':%(role.name)s", Map.of("role", Map.of("name", "member")), NO_ROLES));
        assertFalse(allows("'member':%(role.name)s", Map.of("role", Map.of("name", "admin")), NO_ROLES));
        assertTrue(allows("\"member\":%(role.name)s", Map.of("role.name", "member"), NO_ROLES));
        assertTrue(allows("True:%(user.enabled)s", Map.of("user", Map.of("enabled", true)), NO_ROLES));
        assertFalse(allows("True:%(user.enabled)s", Map.of("user", Map.of("enabled", false)), NO_ROLES));
        assertTrue(allows("False:%(user.enabled)s", Map.of("user", Map.of("enabled", false)), NO_ROLES));
        assertTrue(allows("True:%(user.enabled)s", Map.of("user", Map.of("enabled", "true")), NO_ROLES));
        assertTrue(allows("42:%(quota)s", Map.of("quota", 42), NO_ROLES));
        assertTrue(allows("042:%(quota)s", Map.of("quota", 42L), NO_ROLES));
        assertFalse(allows("42:%(quota)s", Map.of("quota", 43), NO_ROLES));
        assertFalse(allows("True:%(user.enabled)s", Map.of(), NO_ROLES));
    }

    @Test
    void comparesScalarsAsText() {
        Map<String, Object> credentials = Map.of("is_admin_project", true, "quota_class", 7, "user_id", "u-2");
        assertTrue(allows("is_admin_project:True", Map.of(), credentials));
        assertTrue(allows("is_admin_project:true", Map.of(), credentials));
        assertFalse(allows("is_admin_project:False", Map.of(), credentials));
        assertTrue(allows("quota_class:%(quota_class)s", Map.of("quota_class", "7"), credentials));
        assertTrue(allows("quota_class:%(quota_class)s", Map.of("quota_class", 7), credentials));
        assertTrue(allows("user_id:%(prefix)s-%(number)s", Map.of("prefix", "u", "number", 2), credentials));
        assertFalse(allows("user_id:%(prefix)s-%(number)s", Map.of("prefix", "u"), credentials));
        assertTrue(allows("discount:100%%", Map.of(), Map.of("discount", "100%")));
    }

    @Test
    void credentialPathsWalkNestedMapsAndLists() {
        Map<String, Object> credentials = Map.of(
                "token", Map.of("groups", List.of(Map.of("id", "g1"), Map.of("id", "g2")),
                        "user", Map.of("domain", Map.of("id", "d1"))),
                "token.audit_id", "a1");
        assertTrue(allows("token.groups.id:%(group_id)s", Map.of("group_id", "g2"), credentials));
        assertFalse(allows("token.groups.id:%(group_id)s", Map.of("group_id", "g3"), credentials));
        assertTrue(allows("token.user.domain.id:%(target.domain_id)s", Map.of("target", Map.of("domain_id", "d1")),
                credentials));
        assertTrue(allows("token.audit_id:a1", Map.of(), credentials));
        assertFalse(allows("token.missing.id:g1", Map.of(), credentials));
    }

    @Test
    void acceptsRequestContextDirectly() {
        RequestContext member = new RequestContext("req-2", "u2", "bob", "default", "p1", "demo", "default", null,
                false, Set.of("reader"), null, null, null);
        Policy policy = Policy.of(Map.of("compute:get", "role:reader and project_id:%(project_id)s"));
        assertTrue(policy.check("compute:get", Map.of("project_id", "p1"), member));
        assertFalse(policy.check("compute:get", Map.of("project_id", "p2"), member));
        assertFalse(policy.check("compute:get", Map.of("project_id", "p1"), RequestContext.anonymous("req-3")));
    }
}
