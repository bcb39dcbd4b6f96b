package io.stratus.glance.api.store;

import io.stratus.swift.net.KeepAliveHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Images as objects in a Swift account (the Stratus Swift or any other): one object per image in
 * one container, the body streamed to the proxy as it arrives (no temp file, nothing held whole).
 * Objects are limited to Swift's max_file_size (5 GiB by default).
 */
public final class SwiftStore implements ImageStore {

    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration READ = Duration.ofSeconds(60);

    private final Supplier<String> storageUrl;
    private final Supplier<String> token;
    private final String container;
    private volatile boolean containerMade;

    /** @param storageUrl the account URL, e.g. http://127.0.0.1:8080/v1/AUTH_x; asked for each time (it may come from a catalog) */
    public SwiftStore(Supplier<String> storageUrl, Supplier<String> token, String container) {
        this.storageUrl = storageUrl;
        this.token = token;
        this.container = container;
    }

    @Override
    public String name() {
        return "swift";
    }

    @Override
    public boolean owns(String location) {
        return location.startsWith("swift+http://") || location.startsWith("swift+https://");
    }

    @Override
    public String add(String imageId, InputStream data, long size) throws IOException {
        URI account = URI.create(storageUrl.get());
        if (!containerMade) {
            KeepAliveHttp.Answer made = KeepAliveHttp.exchange(account.getHost(), port(account), "PUT", account.getRawPath() + "/" + container,
                    Map.of("X-Auth-Token", token.get()), null, CONNECT, READ);
            if (made.status() != 201 && made.status() != 202) {
                throw new IOException("Swift refused container " + container + ": " + made.status());
            }
            containerMade = true;
        }
        String path = account.getRawPath() + "/" + container + "/" + imageId;
        KeepAliveHttp.Connection connection = KeepAliveHttp.open(account.getHost(), port(account), "PUT", path,
                Map.of("X-Auth-Token", token.get(), "Content-Type", "application/octet-stream"), size, CONNECT, READ);
        try {
            byte[] buffer = new byte[KeepAliveHttp.BUFFER];
            for (int read; (read = data.read(buffer)) >= 0; ) {
                connection.write(buffer, 0, read);
            }
            connection.finish();
        } catch (IOException | RuntimeException e) {
            connection.close(); // Swift keeps nothing of a body cut short
            throw e;
        }
        KeepAliveHttp.Answer answer = connection.readAnswer();
        if (answer.status() != 201) {
            throw new IOException("Swift answered " + answer.status() + " to the image upload");
        }
        return "swift+" + account.getScheme() + "://" + account.getRawAuthority() + path;
    }

    @Override
    public InputStream open(String location, long offset, long length) throws IOException {
        URI object = objectUri(location);
        Map<String, String> headers = offset == 0 && length < 0 ? Map.of("X-Auth-Token", token.get())
                : Map.of("X-Auth-Token", token.get(), "Range", "bytes=" + offset + "-" + (length < 0 ? "" : offset + length - 1));
        KeepAliveHttp.Streamed answer = KeepAliveHttp.request(object.getHost(), port(object), "GET", object.getRawPath(), headers, null,
                CONNECT, READ);
        int status = answer.head().status();
        if (status != 200 && status != 206) {
            answer.body().close();
            throw new IOException("Swift answered " + status + " for " + object.getRawPath());
        }
        return answer.body();
    }

    @Override
    public void delete(String location) throws IOException {
        URI object = objectUri(location);
        KeepAliveHttp.Answer answer = KeepAliveHttp.exchange(object.getHost(), port(object), "DELETE", object.getRawPath(),
                Map.of("X-Auth-Token", token.get()), null, CONNECT, READ);
        if (answer.status() != 204 && answer.status() != 404) {
            throw new IOException("Swift answered " + answer.status() + " to the delete of " + object.getRawPath());
        }
    }

    private static URI objectUri(String location) {
        return URI.create(location.substring("swift+".length()));
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
    }
}
