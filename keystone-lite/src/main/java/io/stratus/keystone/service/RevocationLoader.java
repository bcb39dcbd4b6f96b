package io.stratus.keystone.service;

import io.quarkus.runtime.StartupEvent;
import io.stratus.common.token.RevocationList;
import io.stratus.keystone.config.KeystoneConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** At start, loads the stored revocations that can still match a live token into this process's list. */
@ApplicationScoped
public class RevocationLoader {

    @Inject
    RevocationService revocations;
    @Inject
    RevocationList local;
    @Inject
    KeystoneConfig config;

    void onStart(@Observes StartupEvent event) {
        local.addAll(revocations.live(config.token().expiration().toMillis()));
    }
}
