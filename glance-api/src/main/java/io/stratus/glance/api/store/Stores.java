package io.stratus.glance.api.store;

import io.stratus.common.error.ApiException;
import io.stratus.glance.api.config.GlanceConfig;
import io.stratus.glance.api.registry.ServiceToken;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

/** The configured store for new images, and whichever store wrote an existing location. */
@ApplicationScoped
public class Stores {

    private static final Logger LOG = Logger.getLogger(Stores.class);

    @Inject
    GlanceConfig config;

    @Inject
    ServiceToken serviceToken;

    private List<ImageStore> all;
    private ImageStore current;

    @PostConstruct
    void build() {
        ImageStore file = new FileStore(Path.of(config.fileStore().dir()));
        ImageStore swift = new SwiftStore(() -> config.swiftStore().storageUrl().orElseGet(() -> serviceToken.endpoint("object-store")),
                serviceToken::token, config.swiftStore().container(), config.swiftStore().largeObjectSize(),
                config.swiftStore().largeObjectChunkSize());
        all = config.s3Store().endpoint().isPresent() ? List.of(file, swift, s3Store(config.s3Store())) : List.of(file, swift);
        current = all.stream().filter(s -> s.name().equals(config.store())).findFirst()
                .orElseThrow(() -> new IllegalStateException("glance.store must be file, swift or s3 (with glance.s3-store.endpoint set), not "
                        + config.store()));
    }

    private static S3Store s3Store(GlanceConfig.S3Store settings) {
        URI endpoint = URI.create(settings.endpoint().orElseThrow());
        S3Client client = S3Store.client(endpoint, settings.region(),
                settings.accessKey().orElseThrow(() -> new IllegalStateException("glance.s3-store.access-key is not set")),
                settings.secretKey().orElseThrow(() -> new IllegalStateException("glance.s3-store.secret-key is not set")),
                settings.pathStyle());
        return new S3Store(client, endpoint, settings.bucket(), settings.partSize(), settings.maxParts(), settings.createBucket());
    }

    /** Where new images go. */
    public ImageStore current() {
        return current;
    }

    public ImageStore of(String location) {
        return all.stream().filter(s -> s.owns(location)).findFirst()
                .orElseThrow(() -> new ApiException(503, "no store can read " + location.replaceAll("//[^/]*@", "//")));
    }

    /** Removes an image's bytes from every location; a failure is logged, not thrown (the record is gone already). */
    public void forget(String imageId, List<String> locations) {
        for (String location : locations) {
            try {
                of(location).delete(location);
            } catch (IOException | RuntimeException e) {
                LOG.warnf("bytes of deleted image %s left at %s: %s", imageId, location, e.toString());
            }
        }
    }
}
