package io.stratus.swift.storage.config;

import io.stratus.swift.ring.PathHasher;
import io.stratus.swift.storage.obj.ContainerUpdater;
import io.stratus.swift.storage.obj.diskfile.DiskFileManager;
import io.stratus.swift.storage.obj.diskfile.SuffixHashes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** Builds the node's plain services from its configuration. */
@ApplicationScoped
public class StorageBeans {

    @Produces
    @Singleton
    PathHasher pathHasher(StorageConfig config) {
        return new PathHasher(config.hashPathPrefix(), config.hashPathSuffix());
    }

    @Produces
    @Singleton
    DiskFileManager diskFileManager(StorageConfig config, PathHasher hasher) {
        return new DiskFileManager(Path.of(config.devices()), config.mountCheck(), hasher, config.keepCacheSize(),
                new SuffixHashes(config.reclaimAge().toMillis()), config.fallocateReservePercent());
    }

    @Produces
    @Singleton
    ContainerUpdater containerUpdater(StorageConfig config, PathHasher hasher) {
        return new ContainerUpdater(config.containerUpdateTimeout(), hasher);
    }
}
