package io.stratus.swift.proxy.config;

import io.stratus.swift.ring.PathHasher;
import io.stratus.swift.ring.Ring;
import io.stratus.swift.ring.RingWatcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The three rings the proxy routes by, re-read when their files change. */
@ApplicationScoped
public class Rings {

    @Inject
    ProxyConfig config;

    private volatile RingWatcher account;
    private volatile RingWatcher container;
    private volatile RingWatcher object;
    private volatile PathHasher hasher;

    public Ring account() {
        return watcher("account").ring();
    }

    public Ring container() {
        return watcher("container").ring();
    }

    public Ring object() {
        return watcher("object").ring();
    }

    public PathHasher hasher() {
        if (hasher == null) {
            hasher = new PathHasher(config.hashPathPrefix(), config.hashPathSuffix());
        }
        return hasher;
    }

    private synchronized RingWatcher watcher(String kind) {
        try {
            switch (kind) {
                case "account" -> {
                    if (account == null) {
                        account = new RingWatcher(Path.of(config.ringDir(), "account.ring.gz"), 5_000);
                    }
                    return account;
                }
                case "container" -> {
                    if (container == null) {
                        container = new RingWatcher(Path.of(config.ringDir(), "container.ring.gz"), 5_000);
                    }
                    return container;
                }
                default -> {
                    if (object == null) {
                        object = new RingWatcher(Path.of(config.ringDir(), "object.ring.gz"), 5_000);
                    }
                    return object;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + kind + " ring in " + config.ringDir(), e);
        }
    }
}
