package io.stratus.common.error;

import java.util.LinkedHashMap;
import java.util.Map;

/** The error body shapes of the OpenStack APIs: each service answers errors the way its clients parse them. */
public enum ErrorStyle {
    /** Keystone: {"error": {"code": 404, "title": "Not Found", "message": "..."}} */
    IDENTITY,
    /** Nova: {"itemNotFound": {"code": 404, "message": "..."}} */
    COMPUTE,
    /** Glance and Swift: a short text body. */
    PLAIN;

    public Object body(int status, String message) {
        return switch (this) {
            case IDENTITY -> Map.of("error", ordered("code", status, "title", title(status), "message", message));
            case COMPUTE -> Map.of(computeKey(status), ordered("code", status, "message", message));
            case PLAIN -> title(status) + "\n\n" + message + "\n";
        };
    }

    public String mediaType() {
        return this == PLAIN ? "text/plain; charset=UTF-8" : "application/json";
    }

    public static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Request Entity Too Large";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Requested Range Not Satisfiable";
            case 422 -> "Unprocessable Entity";
            case 429 -> "Too Many Requests";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }

    private static String computeKey(int status) {
        return switch (status) {
            case 400 -> "badRequest";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "itemNotFound";
            case 405 -> "badMethod";
            case 409 -> "conflictingRequest";
            case 413, 429 -> "overLimit";
            case 415 -> "badMediaType";
            case 501 -> "notImplemented";
            case 503 -> "serviceUnavailable";
            default -> "computeFault"; // Nova's fault name for every other status, 406 included
        };
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
