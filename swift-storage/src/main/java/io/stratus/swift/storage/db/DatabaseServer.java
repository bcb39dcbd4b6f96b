package io.stratus.swift.storage.db;

import io.stratus.swift.net.KeepAliveHttp;
import io.stratus.swift.net.SwiftValues;
import io.stratus.swift.ring.PathHasher;
import io.stratus.swift.net.Timestamp;
import io.stratus.swift.storage.obj.diskfile.DiskFileManager;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/** What the account and container servers share: where a database lives, listings, metadata, upstream updates. */
public abstract class DatabaseServer {

    /** Which server a request on an ambiguous path is for: the object server's container updates and the
     *  container server's account updates use the same paths as the proxy's container and account requests. */
    public static final String SERVER_TYPE_HEADER = "X-Backend-Server-Type";
    private static final Logger LOG = Logger.getLogger(DatabaseServer.class);
    private static final Duration UPDATE_TIMEOUT = Duration.ofSeconds(3);

    @Inject
    protected DiskFileManager devices;
    @Inject
    protected PathHasher hasher;

    /**
     * Whether a replica named by {@code host} and {@code device} lives in this process: the host is the one
     * this request was sent to ({@code self}, as the ring names it) and the device is one of ours.
     */
    public boolean servesHere(String host, String device, String self) {
        if (!host.equals(self)) {
            return false;
        }
        try {
            devices.device(device);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** `<device>/<kind>/<partition>/<suffix>/<hash>/<hash>.db`, as Swift lays out its databases. */
    protected Path databaseFile(String kind, String device, int partition, String account, String container) {
        Path root = devices.device(device);
        String hash = PathHasher.hex(hasher.hash(account, container, null));
        return root.resolve(kind).resolve(Integer.toString(partition)).resolve(hash.substring(hash.length() - 3))
                .resolve(hash).resolve(hash + ".db");
    }

    protected static Timestamp requiredTimestamp(HttpHeaders headers) {
        return Timestamp.parse(headers.getHeaderString("X-Timestamp"));
    }

    protected static ListingQuery listingQuery(MultivaluedMap<String, String> query) {
        String limit = query.getFirst("limit");
        int parsed;
        try {
            parsed = limit == null ? ListingQuery.MAX_LIMIT : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a number");
        }
        return new ListingQuery(query.getFirst("prefix"), emptyToNull(query.getFirst("delimiter")), query.getFirst("marker"),
                query.getFirst("end_marker"), parsed, SwiftValues.isTrue(query.getFirst("reverse")));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** The user metadata headers of a request: `X-<Kind>-Meta-*`. */
    protected static Map<String, String> metadataHeaders(HttpHeaders headers, String userPrefix) {
        Map<String, String> metadata = new LinkedHashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase();
            if (lower.startsWith(userPrefix)) {
                metadata.put(lower, values.get(0));
            }
        });
        return metadata;
    }

    /** Adds the user metadata of a database to a response (names as clients expect them). */
    protected static void userMetadata(Response.ResponseBuilder response, Map<String, String> metadata, String userPrefix) {
        metadata.forEach((name, value) -> {
            if (name.startsWith(userPrefix)) {
                response.header(name, value);
            }
        });
    }

    /** Sends a PUT with the given headers to another storage server; @return whether it took it */
    protected static boolean update(String host, String device, String partition, String path, Map<String, String> headers) {
        try {
            int colon = host.lastIndexOf(':');
            int status = KeepAliveHttp.exchange(host.substring(0, colon), Integer.parseInt(host.substring(colon + 1)), "PUT",
                    "/" + device + "/" + partition + path, headers, null, UPDATE_TIMEOUT, UPDATE_TIMEOUT).status();
            if (status / 100 == 2) {
                return true;
            }
            LOG.warnf("update %s on %s answered %d", path, host, status);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warnf("update %s on %s failed: %s", path, host, e.getMessage());
        }
        return false;
    }

    protected static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
