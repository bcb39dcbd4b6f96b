package io.stratus.keystone.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratus.common.error.ApiException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Reads request bodies field by field, answering 400 with the field's name when its type or size is wrong. */
public final class Input {

    private Input() {
    }

    public static JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node == null || node.isNull()) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': '" + field + "' is a required property.");
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': " + node + " is not of type 'object'.");
        }
        return node;
    }

    public static String requiredString(JsonNode parent, String field, int maxLength) {
        String value = optionalString(parent, field, maxLength);
        if (value == null) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': '" + field + "' is a required property.");
        }
        return value;
    }

    /** A required name: a non-blank string. */
    public static String name(JsonNode parent, String field, int maxLength) {
        String value = requiredString(parent, field, maxLength);
        if (value.isBlank()) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': it must not be empty.");
        }
        return value;
    }

    public static String optionalString(JsonNode parent, String field, int maxLength) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': " + node + " is not of type 'string'.");
        }
        String value = node.asText();
        if (value.length() > maxLength) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': it is longer than " + maxLength + " characters.");
        }
        if (value.indexOf('\0') >= 0) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': it contains a NUL character.");
        }
        return value;
    }

    public static Boolean optionalBoolean(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': " + node + " is not of type 'boolean'.");
        }
        return node.asBoolean();
    }

    public static List<String> stringList(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node == null || node.isNull()) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': '" + field + "' is a required property.");
        }
        if (!node.isArray()) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': " + node + " is not of type 'array'.");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw ApiException.badRequest("Invalid input for field '" + field + "': " + item + " is not of type 'string'.");
            }
            values.add(item.asText());
        }
        return values;
    }

    public static Instant optionalTime(JsonNode parent, String field) {
        String value = optionalString(parent, field, 64);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$") ? value : value + "Z").toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': '" + value + "' is not an ISO 8601 time.");
        }
    }

    /** Rejects a field that may not be changed or is not known. */
    public static void forbid(JsonNode parent, String field) {
        if (parent != null && parent.has(field)) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': it cannot be set here.");
        }
    }
}
