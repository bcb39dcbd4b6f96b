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

    /** Which store new images go to: `file`, `swift` or `s3`. */
    @WithDefault("file")
    String store();

    FileStore fileStore();

    SwiftStore swiftStore();

    S3Store s3Store();

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

    interface S3Store {
        /** The S3 endpoint, e.g. http://127.0.0.1:9000; the store is there only when it is set. */
        Optional<String> endpoint();

        @WithDefault("us-east-1")
        String region();

        Optional<String> accessKey();

        Optional<String> secretKey();

        @WithDefault("glance")
        String bucket();

        /** Whether the bucket is created on the first upload when missing (Glance's s3_store_create_bucket_on_put). */
        @WithDefault("true")
        boolean createBucket();

        /** Bucket in the path (http://endpoint/bucket/key) rather than in the host name; most private S3 endpoints want it. */
        @WithDefault("true")
        boolean pathStyle();

        /** Bytes per part, held in memory once per upload (Glance's s3_store_large_object_chunk_size is 10 MiB). */
        @WithDefault("8388608")
        long partSize();

        /** The most parts the endpoint takes in one multipart upload (S3: 10,000; Swift's s3api: 1,000). */
        @WithDefault("10000")
        int maxParts();
    }
}
