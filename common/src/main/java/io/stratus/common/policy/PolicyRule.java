package io.stratus.common.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One compiled oslo.policy rule: checks (`role:x`, `rule:y`, `key:%(target.path)s`, `@`, `!`)
 * joined by `not`, `and`, `or` (binding in that order) and parentheses.
 */
public abstract sealed class PolicyRule {

    /** Evaluates rules by name for `rule:` checks. */
    interface Resolver {
        boolean check(String ruleName, Map<String, Object> target, Map<String, Object> credentials, int depth);
    }

    abstract boolean evaluate(Map<String, Object> target, Map<String, Object> credentials, Resolver rules, int depth);

    /** The names this rule refers to through `rule:` checks. */
    void collectReferences(java.util.Set<String> names) {
    }

    /** Parses rule text; an empty text always allows, as in oslo.policy. */
    public static PolicyRule parse(String text) {
        if (text == null || text.isBlank()) {
            return Constant.ALLOW;
        }
        Parser parser = new Parser(tokenize(text), text);
        PolicyRule rule = parser.or();
        if (parser.position != parser.tokens.size()) {
            throw new IllegalArgumentException("unexpected '" + parser.tokens.get(parser.position) + "' in rule: " + text);
        }
        return rule;
    }

    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(String.valueOf(c));
                i++;
            } else {
                int start = i;
                boolean quoted = false;
                char quote = 0;
                while (i < text.length()) {
                    char d = text.charAt(i);
                    if (quoted) {
                        if (d == quote) {
                            quoted = false;
                        }
                    } else if (d == '\'' || d == '"') {
                        quoted = true;
                        quote = d;
                    } else if (d == '%' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
                        int close = text.indexOf(')', i);
                        if (close < 0) {
                            throw new IllegalArgumentException("unterminated %(...)s in rule: " + text);
                        }
                        i = close + 1;
                        continue;
                    } else if (Character.isWhitespace(d) || d == '(' || d == ')') {
                        break;
                    }
                    i++;
                }
                if (quoted) {
                    throw new IllegalArgumentException("unterminated quote in rule: " + text);
                }
                tokens.add(text.substring(start, i));
            }
        }
        return tokens;
    }

    /** Recursive descent over: or := and ('or' and)*; and := not ('and' not)*; not := 'not' not | atom. */
    private static final class Parser {
        final List<String> tokens;
        final String text;
        int position;

        Parser(List<String> tokens, String text) {
            this.tokens = tokens;
            this.text = text;
        }

        PolicyRule or() {
            List<PolicyRule> parts = new ArrayList<>(List.of(and()));
            while (peekIs("or")) {
                position++;
                parts.add(and());
            }
            return parts.size() == 1 ? parts.get(0) : new Or(parts);
        }

        PolicyRule and() {
            List<PolicyRule> parts = new ArrayList<>(List.of(not()));
            while (peekIs("and")) {
                position++;
                parts.add(not());
            }
            return parts.size() == 1 ? parts.get(0) : new And(parts);
        }

        PolicyRule not() {
            if (peekIs("not")) {
                position++;
                return new Not(not());
            }
            return atom();
        }

        PolicyRule atom() {
            if (position >= tokens.size()) {
                throw new IllegalArgumentException("rule ends too early: " + text);
            }
            String token = tokens.get(position++);
            if (token.equals("(")) {
                PolicyRule inner = or();
                if (!peekIs(")")) {
                    throw new IllegalArgumentException("missing ')' in rule: " + text);
                }
                position++;
                return inner;
            }
            if (token.equals(")") || isKeyword(token)) {
                throw new IllegalArgumentException("unexpected '" + token + "' in rule: " + text);
            }
            return check(token);
        }

        PolicyRule check(String token) {
            if (token.equals("@")) {
                return Constant.ALLOW;
            }
            if (token.equals("!")) {
                return Constant.DENY;
            }
            int colon = token.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + token + "' is not a check in rule: " + text);
            }
            String kind = token.substring(0, colon);
            String match = token.substring(colon + 1);
            return switch (kind) {
                case "role" -> new RoleCheck(match);
                case "rule" -> new RuleCheck(match);
                default -> new GenericCheck(kind, match);
            };
        }

        boolean peekIs(String token) {
            return position < tokens.size() && tokens.get(position).equalsIgnoreCase(token);
        }

        static boolean isKeyword(String token) {
            return token.equalsIgnoreCase("and") || token.equalsIgnoreCase("or") || token.equalsIgnoreCase("not");
        }
    }

    /** `@` or `!`. */
    static final class Constant extends PolicyRule {
        static final Constant ALLOW = new Constant(true);
        static final Constant DENY = new Constant(false);
        private final boolean result;

        private Constant(boolean result) {
            this.result = result;
        }

        @Override
        boolean evaluate(Map<String, Object> target, Map<String, Object> credentials, Resolver rules, int depth) {
            return result;
        }
    }

    /** All parts allow. */
    static final class And extends PolicyRule {
        private final List<PolicyRule> parts;

        And(List<PolicyRule> parts) {
            this.parts = List.copyOf(parts);
        }

        @Override
        void collectReferences(java.util.Set<String> names) {
            parts.forEach(part -> part.collectReferences(names));
        }

        @Override
        boolean evaluate(Map<String, Object> target, Map<String, Object> credentials, Resolver rules, int depth) {
            for (PolicyRule part : parts) {
                if (!part.evaluate(target, credentials, rules, depth)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Any part allows. */
    static final class Or extends PolicyRule {
        private final List<PolicyRule> parts;

        Or(List<PolicyRule> parts) {
            this.parts = List.copyOf(parts);
        }

        @Override
        void collectReferences(java.util.Set<String> names) {
            parts.forEach(part -> part.collectReferences(names));
        }

        @Override
        boolean evaluate(Map<String, Object> target, Map<String, Object> credentials, Resolver rules, int depth) {
            for (PolicyRule part : parts) {
                if (part.evaluate(target, credentials, rules, depth)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The inverse of a rule. */
    static final class Not extends PolicyRule {
        private final PolicyRule inner;

        Not(PolicyRule inner) {
            this.inner = inner;
        }

        @Override
        void collectReferences(java.util.Set<String> names) {
            inner.collectReferences(names);
        }

        @Override
        boolean evaluate(Map<String, Object> target, Map<String, Object> credentials, Resolver rules, int depth) {
            return !inner.evaluate(target, credentials, rules, depth);
        }
    }

    /** `role:name`: the caller holds the role (case-insensitive, as oslo.policy). */
    static final class RoleCheck extends PolicyRule {
        private final String role;

        RoleCheck(String role) {
            this.role = role;
        }

        @Override
        boolean evaluate(Map<String, Object> target, Map<String, Object> credentials, Resolver rules, int depth) {
            String wanted = Substitution.apply(role, target);
            if (wanted == null) {
                return false;
            }
            Object roles = credentials.get("roles");
            if (roles instanceof Collection<?> held) {
                String lower = wanted.toLowerCase(Locale.ROOT);
                for (Object r : held) {
                    if (r != null && r.toString().toLowerCase(Locale.ROOT).equals(lower)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** `rule:name`: another named rule. */
    static final class RuleCheck extends PolicyRule {
        private final String name;

        RuleCheck(String name) {
            this.name = name;
        }

        @Override
        void collectReferences(java.util.Set<String> names) {
            names.add(name);
        }

        @Override
        boolean evaluate(Map<String, Object> target, Map<String, Object> credentials, Resolver rules, int depth) {
            return rules.check(name, target, credentials, depth + 1);
        }
    }

    /** `key:value`: a credential attribute equals a literal or a value from the target. */
    static final class GenericCheck extends PolicyRule {
        private final String credentialKey;
        private final String match;

        GenericCheck(String credentialKey, String match) {
            this.credentialKey = credentialKey;
            this.match = match;
        }

        @Override
        boolean evaluate(Map<String, Object> target, Map<String, Object> credentials, Resolver rules, int depth) {
            String expected = literal(match);
            if (expected == null) {
                expected = Substitution.apply(match, target);
            }
            if (expected == null) {
                return false;
            }
            Object actual = Substitution.lookup(credentials, credentialKey);
            if (actual == null) {
                return false;
            }
            if (actual instanceof Collection<?> values) {
                for (Object value : values) {
                    if (expected.equals(String.valueOf(value))) {
                        return true;
                    }
                }
                return false;
            }
            return expected.equalsIgnoreCase("true") || expected.equalsIgnoreCase("false")
                    ? expected.equalsIgnoreCase(String.valueOf(actual))
                    : expected.equals(String.valueOf(actual));
        }

        private static String literal(String match) {
            if (match.length() >= 2 && (match.startsWith("'") && match.endsWith("'") || match.startsWith("\"") && match.endsWith("\""))) {
                return match.substring(1, match.length() - 1);
            }
            return null;
        }
    }
}
