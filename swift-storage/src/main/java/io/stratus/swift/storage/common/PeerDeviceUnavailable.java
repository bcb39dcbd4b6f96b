package io.stratus.swift.storage.common;

import java.io.IOException;

/** A peer answered 507: its device is unmounted, missing or full, so its copy goes to a handoff meanwhile. */
public final class PeerDeviceUnavailable extends IOException {

    public PeerDeviceUnavailable(String message) {
        super(message);
    }
}
