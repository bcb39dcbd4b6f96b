package io.stratus.keystone.api;

import io.stratus.common.error.ApiException;

/** Query parameter parsing shared by the list APIs. */
final class Params {

    private Params() {
    }

    /** Keystone's boolean query values: absent = no filter; "0"/"false" = false; anything else = true. */
    static Boolean bool(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase();
        return !(v.equals("0") || v.equals("false") || v.equals("no") || v.equals("off"));
    }

    /** A flag such as `?effective`: given with no value or any value but a false one = true. */
    static boolean flag(jakarta.ws.rs.core.UriInfo uri, String name) {
        if (!uri.getQueryParameters().containsKey(name)) {
            return false;
        }
        String value = uri.getQueryParameters().getFirst(name);
        return value == null || value.isEmpty() || bool(value);
    }

    static String id(String value, String name) {
        if (value != null && value.length() > 255) {
            throw ApiException.badRequest("Invalid value for query parameter '" + name + "'.");
        }
        return value;
    }
}
