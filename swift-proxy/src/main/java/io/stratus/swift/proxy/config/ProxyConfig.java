package io.stratus.swift.proxy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** proxy-server.conf and swift.conf's settings for the proxy. */
@ConfigMapping(prefix = "swift.proxy")
public interface ProxyConfig {

    /** Where account.ring.gz, container.ring.gz and object.ring.gz are. */
    String ringDir();

    String hashPathPrefix();

    String hashPathSuffix();

    /** How long a storage node may take to accept a connection. */
    @WithDefault("1s")
    Duration connTimeout();

    /** How long a storage node may take to answer or to take the next chunk. */
    @WithDefault("10s")
    Duration nodeTimeout();

    /** Swift's max_file_size: the largest single object (5 GiB). */
    @WithDefault("5368709122")
    long maxFileSize();

    /** How long an account or container seen to exist is believed to (0 = ask every time). */
    @WithDefault("10s")
    java.time.Duration recheckExistence();

    /** Extra handoffs tried when primaries fail, beyond the number of replicas. */
    @WithDefault("2")
    int requestNodeCountExtra();
}
