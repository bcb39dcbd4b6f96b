package io.stratus.common.policy;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** `%(target.path)s` substitution, reading nested maps or flat dotted keys as oslo.policy does. */
final class Substitution {

    private static final Pattern PLACEHOLDER = Pattern.compile("%\\(([^)]+)\\)s");

    private Substitution() {
    }

    /** @return the text with placeholders filled in, or null when a placeholder has no value (the check fails) */
    static String apply(String text, Map<String, Object> target) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Object value = lookup(target, matcher.group(1));
            if (value == null) {
                return null;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Reads `a.b.c` as a flat key first, then through nested maps; a leading `target.` is optional. */
    static Object lookup(Map<String, Object> values, String path) {
        if (values == null) {
            return null;
        }
        if (values.containsKey(path)) {
            return values.get(path);
        }
        Object current = values;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                current = null;
                break;
            }
            current = map.get(part);
        }
        if (current == null && path.startsWith("target.")) {
            return lookup(values, path.substring("target.".length()));
        }
        return current;
    }
}
