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

    /** A flag such as `?effective`: present (with any value but false) = true. */
    static boolean flag(String value) {
        return value != null && !Boolean.FALSE.equals(bool(value.isEmpty() ? "true" : value));
    }

    static String id(String value, String name) {
        if (value != null && value.length() > 255) {
            throw ApiException.badRequest("Invalid value for query parameter '" + name + "'.");
        }
        return value;
    }
}
