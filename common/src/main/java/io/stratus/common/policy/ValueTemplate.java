package io.stratus.common.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The right-hand side of a check: a literal ({@code admin}, {@code 'admin'}) or text with {@code %(path)s}
 * placeholders filled in from the target, like Python's {@code match % target} in oslo.policy.
 */
final class ValueTemplate {

    private static final String TARGET_PREFIX = "target.";

    private final String source;
    /** Non-null when the value has no placeholders. */
    private final String literal;
    /** {@code fixedTexts[i]} precedes placeholder i; the last element trails the last placeholder. */
    private final String[] fixedTexts;
    private final AttributePath[] placeholders;
    /** Per placeholder, the same path without its {@code target.} prefix, or null. */
    private final AttributePath[] unprefixedPlaceholders;

    private ValueTemplate(String source, String literal, List<String> fixedTexts, List<String> paths) {
        this.source = source;
        this.literal = literal;
        this.fixedTexts = fixedTexts.toArray(String[]::new);
        this.placeholders = new AttributePath[paths.size()];
        this.unprefixedPlaceholders = new AttributePath[paths.size()];
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            placeholders[i] = AttributePath.of(path);
            if (path.startsWith(TARGET_PREFIX) && path.length() > TARGET_PREFIX.length()) {
                unprefixedPlaceholders[i] = AttributePath.of(path.substring(TARGET_PREFIX.length()));
            }
        }
    }

    /**
     * Compiles the text after a check's colon. A value wholly in single or double quotes is a literal taken
     * verbatim; otherwise {@code %(path)s} is a placeholder and {@code %%} a percent sign.
     */
    static ValueTemplate parse(String source) {
        if (source.isEmpty()) {
            throw new RuleSyntaxException("the value after ':' is empty (write '' to compare with an empty string)");
        }
        String unquoted = Quoting.unquote(source);
        if (unquoted != null) {
            return new ValueTemplate(source, unquoted, List.of(unquoted), List.of());
        }
        if (Quoting.containsQuote(source)) {
            throw new RuleSyntaxException("quotes must enclose the whole value: " + source);
        }
        List<String> fixedTexts = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        StringBuilder fixed = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c != '%') {
                fixed.append(c);
                i++;
            } else if (source.startsWith("%%", i)) {
                fixed.append('%');
                i += 2;
            } else if (source.startsWith("%(", i)) {
                int close = source.indexOf(')', i + 2);
                if (close < 0) {
                    throw new RuleSyntaxException("unterminated placeholder in " + source + " (expected %(name)s)");
                }
                if (close + 1 >= source.length() || source.charAt(close + 1) != 's') {
                    throw new RuleSyntaxException("only %(name)s placeholders are supported, not "
                            + source.substring(i, Math.min(close + 2, source.length())));
                }
                String path = source.substring(i + 2, close);
                if (path.isEmpty()) {
                    throw new RuleSyntaxException("empty placeholder %()s in " + source);
                }
                fixedTexts.add(fixed.toString());
                fixed.setLength(0);
                paths.add(path);
                i = close + 2;
            } else {
                throw new RuleSyntaxException("a lone '%' in " + source + " (write %% for a percent sign)");
            }
        }
        fixedTexts.add(fixed.toString());
        return new ValueTemplate(source, paths.isEmpty() ? fixedTexts.get(0) : null, fixedTexts, paths);
    }

    boolean isLiteral() {
        return literal != null;
    }

    /** The value for this target, or null when a placeholder has no scalar value there (the check then fails). */
    String render(Map<String, ?> target) {
        if (literal != null) {
            return literal;
        }
        if (placeholders.length == 1 && fixedTexts[0].isEmpty() && fixedTexts[1].isEmpty()) {
            return PolicyValues.text(lookup(0, target));
        }
        StringBuilder rendered = new StringBuilder(fixedTexts[0]);
        for (int i = 0; i < placeholders.length; i++) {
            String value = PolicyValues.text(lookup(i, target));
            if (value == null) {
                return null;
            }
            rendered.append(value).append(fixedTexts[i + 1]);
        }
        return rendered.toString();
    }

    private Object lookup(int placeholder, Map<String, ?> target) {
        Object value = placeholders[placeholder].find(target);
        if (value == null && unprefixedPlaceholders[placeholder] != null) {
            // Keystone-style rules say %(target.user.id)s while our services pass the target object itself
            // ({"user": {"id": ...}}) rather than wrapping it in {"target": ...}.
            value = unprefixedPlaceholders[placeholder].find(target);
        }
        return value;
    }

    @Override
    public String toString() {
        return source;
    }
}
