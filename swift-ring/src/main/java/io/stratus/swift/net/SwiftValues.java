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
}
