package io.stratus.nova.compute.image;

import java.io.IOException;
import java.io.InputStream;

/** Where an image's bytes come from: glance-api's `GET /v2/images/{id}/file` on a real host. */
@FunctionalInterface
public interface ImageSource {
    InputStream open(String imageId) throws IOException;
}
