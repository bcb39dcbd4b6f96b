package io.stratus.common.policy;

import java.util.Collection;
import java.util.Map;

/** How attribute values read from targets and credentials compare with the text of a rule, as Python's str() would. */
final class PolicyValues {

    private PolicyValues() {
    }

    /**
     * The text a value stands for in a rule, or null when it has none: a missing value, null, or a map or
     * list (which no rule text can equal).
     */
    static String text(Object value) {
        if (value == null || value instanceof Map<?, ?> || value instanceof Collection<?> || value.getClass().isArray()) {
            return null;
        }
        if (value instanceof Boolean bool) {
            return pythonBoolean(bool);
        }
        return value.toString();
    }

    /**
     * Whether a single value equals the expected text. Null never matches: oslo.policy would compare "None" with
     * "None" and let a caller without a project act on a target without one.
     */
    static boolean matches(String expected, Object value) {
        if (value instanceof Boolean bool) {
            // Java and JSON spell booleans in lower case, Python capitalises them: accept both.
            return expected.equalsIgnoreCase(pythonBoolean(bool));
        }
        String actual = text(value);
        return actual != null && actual.equals(expected);
    }

    static String pythonBoolean(boolean value) {
        return value ? "True" : "False";
    }
}
