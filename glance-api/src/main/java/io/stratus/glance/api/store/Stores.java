package io.stratus.glance.api.store;

import io.stratus.common.error.ApiException;
import io.stratus.glance.api.config.GlanceConfig;
import io.stratus.glance.api.registry.ServiceToken;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

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
        all = List.of(file, swift);
        current = all.stream().filter(s -> s.name().equals(config.store())).findFirst()
                .orElseThrow(() -> new IllegalStateException("glance.store must be file or swift, not " + config.store()));
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
