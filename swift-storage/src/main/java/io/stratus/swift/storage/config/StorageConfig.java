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

    /** Where the node finds the rings (account.ring.gz, container.ring.gz, object.ring.gz); without it no replication runs. */
    java.util.Optional<String> ringDir();

    /** The address this node's devices have in the ring. */
    @WithDefault("127.0.0.1")
    String ringIp();

    /** The port this node's devices have in the ring; by default the port it listens on. */
    java.util.OptionalInt ringPort();

    /** Tombstones older than this are removed for good: every replica must have seen the delete by then (Swift's reclaim_age). */
    @WithDefault("7d")
    java.time.Duration reclaimAge();

    /** Whether the replicator, auditor, updater and expirer run by themselves; when off they run only when asked (/recon/run). */
    @WithDefault("true")
    boolean backgroundJobs();

    /** Pause between two replication passes. */
    @WithDefault("30s")
    java.time.Duration replicationInterval();

    /** Pause between two auditor passes. */
    @WithDefault("30s")
    java.time.Duration auditInterval();

    /** The auditor's limit on object files read per second (Swift's files_per_second). */
    @WithDefault("20")
    double auditFilesPerSecond();

    /** The auditor's limit on bytes read per second (Swift's bytes_per_second). */
    @WithDefault("10000000")
    double auditBytesPerSecond();

    /** Pause between two passes of the updater (async pendings) and of the expirer. */
    @WithDefault("30s")
    java.time.Duration updaterInterval();

    /** Object writes are refused (507) when they would leave less than this share of a device free (Swift's fallocate_reserve). */
    @WithDefault("1")
    double fallocateReservePercent();

    /** How many partitions one replication pass works on at once (Swift's concurrency). */
    @WithDefault("4")
    int replicationConcurrency();

    /** How long a peer may take to answer one replication request. */
    @WithDefault("60s")
    java.time.Duration replicationTimeout();
}
