package io.stratus.nova.api.rest;

import io.stratus.common.error.ApiException;
import java.util.Map;

/** Reading Compute API request bodies as Nova's JSON schemas check them: a 400 naming the field otherwise. */
public final class Bodies {

    private Bodies() {
    }

    /** The body's one top-level object, e.g. {"flavor": {...}}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> wrapped(Map<String, Object> body, String key) {
        if (body == null || !(body.get(key) instanceof Map<?, ?> inner)) {
            throw ApiException.badRequest("Invalid input for field/attribute " + key + ". Value: None. '" + key + "' is a required property");
        }
        return (Map<String, Object>) inner;
    }

    /** An integer given as a JSON integer or a string of digits, within [min, 2^31-1]; {@code fallback} when absent. */
    static int integer(Map<String, Object> fields, String name, int min, Integer fallback) {
        Object value = fields.get(name);
        if (value == null && fallback != null && !fields.containsKey(name)) {
            return fallback;
        }
        long parsed;
        if (value instanceof Integer || value instanceof Long) {
            parsed = ((Number) value).longValue();
        } else if (value instanceof String text && text.matches("[0-9]{1,10}")) {
            parsed = Long.parseLong(text);
        } else {
            throw invalid(name, value, "is not a valid integer");
        }
        if (parsed < min || parsed > Integer.MAX_VALUE) {
            throw invalid(name, value, parsed < min ? "is less than the minimum of " + min : "is greater than the maximum of " + Integer.MAX_VALUE);
        }
        return (int) parsed;
    }

    static String string(Map<String, Object> fields, String name, int maxLength, boolean required) {
        Object value = fields.get(name);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw invalid(name, value, value == null ? "is a required property" : "is not of type 'string'");
        }
        if (text.isEmpty() || text.length() > maxLength) {
            throw invalid(name, value, text.isEmpty() ? "is too short" : "is too long");
        }
        return text;
    }

    /** A boolean as Nova's schemas take one: true or false, or a string such as "yes", "0", "True"; null otherwise. */
    static Boolean bool(Object value) {
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof String text) {
            String lower = text.toLowerCase(java.util.Locale.ROOT);
            if (java.util.Set.of("true", "1", "yes", "y", "t", "on").contains(lower)) {
                return true;
            }
            if (java.util.Set.of("false", "0", "no", "n", "f", "off").contains(lower)) {
                return false;
            }
        }
        return null;
    }

    /** Nova's 400 for a field of a request body that is not what the API takes. */
    public static ApiException invalid(String name, Object value, String problem) {
        return ApiException.badRequest("Invalid input for field/attribute " + name + ". Value: " + value + ". " + problem);
    }
}
