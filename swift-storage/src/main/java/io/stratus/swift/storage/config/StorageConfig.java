package io.stratus.swift.storage.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** A storage node's settings: object-server.conf's [DEFAULT] and swift.conf's hash path secrets. */
@ConfigMapping(prefix = "swift.storage")
public interface StorageConfig {

    /** The folder holding one folder per device (Swift's `devices`, e.g. /srv/node). */
    String devices();

    /** Whether a device must be its own mount point; off for the all-in-one stack, where devices are folders. */
    @WithDefault("false")
    boolean mountCheck();

    /** swift.conf's swift_hash_path_prefix: part of every path hash, the same on every node. */
    String hashPathPrefix();

    /** swift.conf's swift_hash_path_suffix. */
    String hashPathSuffix();

    /** How long a container update may take before it is queued as an async pending. */
    @WithDefault("2s")
    java.time.Duration containerUpdateTimeout();

    /**
     * Bodies up to this size stay in the page cache after they are written; larger ones are dropped
     * from it once fsynced (Swift's keep_cache_size, 5 MiB by default).
     */
    @WithDefault("5242880")
    long keepCacheSize();
}
