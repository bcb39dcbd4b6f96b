package io.stratus.keystone.service;

import java.util.UUID;

/** Keystone-style ids: 32 lowercase hex digits. */
public final class Ids {

    private Ids() {
    }

    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
