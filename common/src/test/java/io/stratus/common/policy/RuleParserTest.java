package io.stratus.common.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rule language's grammar: tokens, precedence, parentheses, literals, and what is rejected. */
class RuleParserTest {

    private final List<String> referenced = new ArrayList<>();

    private PolicyCheck parse(String text) {
        return RuleParser.parse(text, name -> {
            referenced.add(name);
            return new PolicyCheck.RuleReference(name, PolicyCheck.NEVER);
        });
    }

    static Stream<Arguments> structures() {
        return Stream.of(
                Arguments.of("role:admin", "role:admin"),
                Arguments.of("role:a or role:b and role:c", "(role:a or (role:b and role:c))"),
                Arguments.of("role:a and role:b or role:c", "((role:a and role:b) or role:c)"),
                Arguments.of("role:a or role:b and role:c or role:d", "(role:a or (role:b and role:c) or role:d)"),
                Arguments.of("role:a and role:b or role:c and role:d", "((role:a and role:b) or (role:c and role:d))"),
                Arguments.of("role:a and role:b and role:c", "(role:a and role:b and role:c)"),
                Arguments.of("(role:a or role:b) and role:c", "((role:a or role:b) and role:c)"),
                Arguments.of("role:a or (role:b or role:c)", "(role:a or (role:b or role:c))"),
                Arguments.of("not role:a and role:b", "(not role:a and role:b)"),
                Arguments.of("not role:a or role:b", "(not role:a or role:b)"),
                Arguments.of("not (role:a and role:b)", "not (role:a and role:b)"),
                Arguments.of("role:a and not role:b", "(role:a and not role:b)"),
                Arguments.of("not not role:a", "not not role:a"),
                Arguments.of("role:a AND NOT role:b Or role:c", "((role:a and not role:b) or role:c)"),
                Arguments.of("(role:a)", "role:a"),
                Arguments.of("((role:a))", "role:a"),
                Arguments.of("not(role:a)", "not role:a"),
                Arguments.of("(role:a)or(role:b)", "(role:a or role:b)"),
                Arguments.of("  role:a\tor\nrole:b  ", "(role:a or role:b)"),
                Arguments.of("(project_id:%(project_id)s)", "project_id:%(project_id)s"),
                Arguments.of("(role:admin or project_id:%(target.project.id)s)",
                        "(role:admin or project_id:%(target.project.id)s)"),
                Arguments.of("@", "@"),
                Arguments.of("!", "!"),
                Arguments.of("@ and !", "(@ and !)"),
                Arguments.of("", "@"),
                Arguments.of("rule:admin_required or role:reader", "(rule:admin_required or role:reader)"),
                Arguments.of("'Member':%(role.name)s", "'Member':%(role.name)s"),
                Arguments.of("True:%(user.enabled)s", "True:%(user.enabled)s"),
                Arguments.of("role:compute:admin", "role:compute:admin"),
                Arguments.of("project_id:'a b'", "project_id:'a b'"),
                Arguments.of("name:'(not) a keyword'", "name:'(not) a keyword'"),
                Arguments.of("system_scope:all", "system_scope:all"),
                Arguments.of("token.user.domain.id:%(target.domain_id)s", "token.user.domain.id:%(target.domain_id)s"));
    }

    @ParameterizedTest(name = "{0}  =>  {1}")
    @MethodSource("structures")
    void parsesWithOsloPrecedence(String text, String expectedTree) {
        assertEquals(expectedTree, parse(text).toString());
    }

    @Test
    void emptyRuleAlwaysAllows() {
        assertSame(PolicyCheck.ALWAYS, parse(""));
    }

    @Test
    void ruleReferencesAreResolvedWhileParsing() {
        parse("rule:a or (rule:b and not rule:c)");
        assertEquals(List.of("a", "b", "c"), referenced);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("role:admin or", "the rule ends after 'or' where a check is expected"),
                Arguments.of("not", "the rule ends after 'not'"),
                Arguments.of("(role:admin", "missing ')' for this '(' (column 1)"),
                Arguments.of("role:admin)", "unmatched ')' (column 11)"),
                Arguments.of("()", "unexpected ')' where a check is expected"),
                Arguments.of("and role:admin", "unexpected 'and' where a check is expected (column 1)"),
                Arguments.of("role:admin or or role:member", "unexpected 'or' where a check is expected (column 15)"),
                Arguments.of("role:admin role:member", "expected 'and' or 'or' before 'role:member' (column 12)"),
                Arguments.of("justaword", "'justaword' is not a check (expected kind:value, @ or !)"),
                Arguments.of("'quoted:string'", "is not a check"),
                Arguments.of("project_id:'unterminated", "unterminated quote at column 12"),
                Arguments.of("role:", "the value after ':' is empty"),
                Arguments.of(":admin", "nothing before ':'"),
                Arguments.of("rule:", "rule: needs the name of a rule"),
                Arguments.of("http://policy.example.com/check", "remote http(s) checks are not supported"),
                Arguments.of("project_id:%(project_id)d", "only %(name)s placeholders are supported"),
                Arguments.of("project_id:%(project_id", "unterminated placeholder '%(' at column 12"),
                Arguments.of("project_id:%()s", "empty placeholder %()s"),
                Arguments.of("discount:50%", "a lone '%' in 50%"),
                Arguments.of("project_id:'p1'x", "quotes must enclose the whole value"),
                Arguments.of("user-id!:u1", "'user-id!' is neither a credential attribute nor a literal"),
                Arguments.of("   ", "the rule is blank"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedRules(String text, String expectedMessage) {
        RuleSyntaxException error = assertThrows(RuleSyntaxException.class, () -> parse(text));
        assertTrue(error.getMessage().contains(expectedMessage),
                () -> "'" + text + "' gave: " + error.getMessage());
    }

    @Test
    void nestingIsBounded() {
        int limit = RuleParser.MAX_NESTING;
        assertEquals("role:a", parse("(".repeat(limit) + "role:a" + ")".repeat(limit)).toString());
        RuleSyntaxException parentheses = assertThrows(RuleSyntaxException.class,
                () -> parse("(".repeat(limit + 1) + "role:a" + ")".repeat(limit + 1)));
        assertTrue(parentheses.getMessage().contains("deeper than " + limit), parentheses.getMessage());
        assertThrows(RuleSyntaxException.class, () -> parse("not ".repeat(limit + 1) + "role:a"));
    }
}
