package io.stratus.swift.net;

import java.util.Locale;
import java.util.Set;

/** How Swift reads values in headers and query strings. */
public final class SwiftValues {

    private static final Set<String> TRUE = Set.of("true", "1", "yes", "on", "t", "y");

    private SwiftValues() {
    }

    /** Swift's config_true_value: true, 1, yes, on, t or y, in any case. */
    public static boolean isTrue(String value) {
        return value != null && TRUE.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    /** A percent-encoded path (or path segment) decoded as a path, not a form: '+' stays '+'. */
    public static String decodePath(String encoded) {
        return encoded.indexOf('%') < 0 ? encoded
                : java.net.URLDecoder.decode(encoded.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
}
