package io.stratus.glance.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** glance-api.conf's settings: the registry, the store, quotas and the service's own identity. */
@ConfigMapping(prefix = "glance")
public interface GlanceConfig {

    /** Where glance-registry answers. */
    String registryUrl();

    /** glance-api's own user, for the registry and the Swift store. */
    ServiceUser serviceUser();

    /** Which store new images go to: `file` or `swift`. */
    @WithDefault("file")
    String store();

    FileStore fileStore();

    SwiftStore swiftStore();

    /** Where `PUT /v2/images/{id}/stage` keeps data until the import (glance-direct). */
    String stagingDir();

    /** Images a project may own (-1: no limit), as Glance's image_count_total. */
    @WithDefault("-1")
    long imageCountTotal();

    /** Bytes of images a project may own (-1: no limit), as Glance's user_storage_quota. */
    @WithDefault("-1")
    long imageSizeTotal();

    /**
     * Ports web-download may fetch from (Glance's import_filtering_opts allowed_ports): other ports
     * on internal hosts (the registry, storage nodes) stay out of reach of a user-given URL.
     */
    @WithDefault("80,443")
    java.util.Set<Integer> webDownloadAllowedPorts();

    /** The largest image accepted at all. */
    @WithDefault("1099511627776")
    long imageSizeCap();

    interface ServiceUser {
        String name();

        String password();

        String project();

        @WithDefault("Default")
        String domain();
    }

    interface FileStore {
        /** The folder image files live in. */
        String dir();
    }

    interface SwiftStore {
        /** The Swift account URL; by default the object-store endpoint of the service project in the catalog. */
        Optional<String> storageUrl();

        @WithDefault("glance")
        String container();

        /** The largest image stored as one object (Swift's max_file_size is 5 GiB); larger or unsized ones are segmented. */
        @WithDefault("5368709120")
        long largeObjectSize();

        /** The size of each segment of a segmented image (Glance's large_object_chunk_size, 200 MiB). */
        @WithDefault("209715200")
        long largeObjectChunkSize();
    }
}
