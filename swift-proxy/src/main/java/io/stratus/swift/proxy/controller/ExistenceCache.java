package io.stratus.swift.proxy.controller;

import io.stratus.swift.proxy.config.ProxyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounts and containers this proxy has recently seen exist, so an object PUT does not ask a
 * container server first every time (Swift keeps the same in memcache, `recheck_*_existence`).
 * Only existence is remembered, for a short time; this proxy's own DELETE forgets at once.
 */
@ApplicationScoped
public class ExistenceCache {

    private static final int MAX_ENTRIES = 100_000;

    @Inject
    ProxyConfig config;

    private final ConcurrentHashMap<String, Long> seenUntil = new ConcurrentHashMap<>();

    public boolean exists(String account, String container) {
        Long until = seenUntil.get(key(account, container));
        if (until == null) {
            return false;
        }
        if (until < System.nanoTime()) {
            seenUntil.remove(key(account, container), until);
            return false;
        }
        return true;
    }

    public void remember(String account, String container) {
        long ttl = config.recheckExistence().toNanos();
        if (ttl <= 0) {
            return;
        }
        if (seenUntil.size() >= MAX_ENTRIES) {
            seenUntil.clear();
        }
        seenUntil.put(key(account, container), System.nanoTime() + ttl);
    }

    public void forget(String account, String container) {
        seenUntil.remove(key(account, container));
    }

    private static String key(String account, String container) {
        return container == null ? account : account + "/" + container;
    }
}
