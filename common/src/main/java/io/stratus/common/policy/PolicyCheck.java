package io.stratus.common.policy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A compiled rule: a tree of checks evaluated against a target and the caller's credentials. Trees are immutable
 * and {@code rule:} references point straight at the referenced tree, so evaluation never parses or looks up names.
 * {@link #toString()} prints the tree the way oslo.policy does, with each {@code and}/{@code or} in parentheses.
 */
sealed interface PolicyCheck {

    PolicyCheck ALWAYS = new Always();
    PolicyCheck NEVER = new Never();

    boolean evaluate(Map<String, ?> target, Map<String, ?> credentials);

    /** {@code @}, and the empty rule. */
    final class Always implements PolicyCheck {
        private Always() {
        }

        @Override
        public boolean evaluate(Map<String, ?> target, Map<String, ?> credentials) {
            return true;
        }

        @Override
        public String toString() {
            return "@";
        }
    }

    /** {@code !}. */
    final class Never implements PolicyCheck {
        private Never() {
        }

        @Override
        public boolean evaluate(Map<String, ?> target, Map<String, ?> credentials) {
            return false;
        }

        @Override
        public String toString() {
            return "!";
        }
    }

    /** {@code not check}. */
    final class Not implements PolicyCheck {
        private final PolicyCheck negated;

        Not(PolicyCheck negated) {
            this.negated = negated;
        }

        @Override
        public boolean evaluate(Map<String, ?> target, Map<String, ?> credentials) {
            return !negated.evaluate(target, credentials);
        }

        @Override
        public String toString() {
            return "not " + negated;
        }
    }

    /** {@code a and b and ...}: every check allows. */
    final class AllOf implements PolicyCheck {
        private final PolicyCheck[] checks;

        AllOf(List<PolicyCheck> checks) {
            this.checks = checks.toArray(PolicyCheck[]::new);
        }

        @Override
        public boolean evaluate(Map<String, ?> target, Map<String, ?> credentials) {
            for (PolicyCheck check : checks) {
                if (!check.evaluate(target, credentials)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return Stream.of(checks).map(Object::toString).collect(Collectors.joining(" and ", "(", ")"));
        }
    }

    /** {@code a or b or ...}: some check allows. */
    final class AnyOf implements PolicyCheck {
        private final PolicyCheck[] checks;

        AnyOf(List<PolicyCheck> checks) {
            this.checks = checks.toArray(PolicyCheck[]::new);
        }

        @Override
        public boolean evaluate(Map<String, ?> target, Map<String, ?> credentials) {
            for (PolicyCheck check : checks) {
                if (check.evaluate(target, credentials)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return Stream.of(checks).map(Object::toString).collect(Collectors.joining(" or ", "(", ")"));
        }
    }

    /** {@code role:name}: the credentials' {@code roles} hold the role, compared case-insensitively as oslo.policy. */
    final class RoleCheck implements PolicyCheck {
        private final ValueTemplate role;

        RoleCheck(ValueTemplate role) {
            this.role = role;
        }

        @Override
        public boolean evaluate(Map<String, ?> target, Map<String, ?> credentials) {
            String wanted = role.render(target);
            if (wanted == null) {
                return false;
            }
            Object roles = credentials.get("roles");
            if (roles instanceof Collection<?> held) {
                for (Object heldRole : held) {
                    if (heldRole != null && wanted.equalsIgnoreCase(heldRole.toString())) {
                        return true;
                    }
                }
                return false;
            }
            return roles instanceof String single && wanted.equalsIgnoreCase(single);
        }

        @Override
        public String toString() {
            return "role:" + role;
        }
    }

    /** {@code rule:name}: another named rule, already compiled. */
    final class RuleReference implements PolicyCheck {
        private final String name;
        private final PolicyCheck rule;

        RuleReference(String name, PolicyCheck rule) {
            this.name = name;
            this.rule = rule;
        }

        @Override
        public boolean evaluate(Map<String, ?> target, Map<String, ?> credentials) {
            return rule.evaluate(target, credentials);
        }

        @Override
        public String toString() {
            return "rule:" + name;
        }
    }

    /** {@code attribute:value}, e.g. {@code project_id:%(project_id)s}: a credential attribute equals the value. */
    final class CredentialCheck implements PolicyCheck {
        private final AttributePath attribute;
        private final ValueTemplate value;

        CredentialCheck(AttributePath attribute, ValueTemplate value) {
            this.attribute = attribute;
            this.value = value;
        }

        @Override
        public boolean evaluate(Map<String, ?> target, Map<String, ?> credentials) {
            String expected = value.render(target);
            return expected != null && attribute.anyMatches(credentials, expected);
        }

        @Override
        public String toString() {
            return attribute + ":" + value;
        }
    }

    /**
     * {@code literal:value} with a literal on the left, e.g. {@code True:%(user.enabled)s} or
     * {@code 'member':%(role.name)s}: the literal equals the value taken from the target.
     */
    final class LiteralCheck implements PolicyCheck {
        private final String source;
        private final String literal;
        private final boolean booleanLiteral;
        private final ValueTemplate value;

        LiteralCheck(String source, String literal, boolean booleanLiteral, ValueTemplate value) {
            this.source = source;
            this.literal = literal;
            this.booleanLiteral = booleanLiteral;
            this.value = value;
        }

        @Override
        public boolean evaluate(Map<String, ?> target, Map<String, ?> credentials) {
            String actual = value.render(target);
            if (actual == null) {
                return false;
            }
            return booleanLiteral ? literal.equalsIgnoreCase(actual) : literal.equals(actual);
        }

        @Override
        public String toString() {
            return source + ":" + value;
        }
    }
}
