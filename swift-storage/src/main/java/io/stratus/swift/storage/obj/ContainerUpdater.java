package io.stratus.swift.storage.obj;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.swift.ring.PathHasher;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Tells the container server about an object PUT or DELETE, as the proxy asked (X-Container-Host,
 * -Partition, -Device). When the container server cannot be reached the update is queued on the
 * device as an async pending, for the updater to send later: the object write still succeeds.
 */
public final class ContainerUpdater {

    private static final Logger LOG = Logger.getLogger(ContainerUpdater.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration timeout;
    private final PathHasher hasher;

    public ContainerUpdater(Duration timeout, PathHasher hasher) {
        this.timeout = timeout;
        this.hasher = hasher;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** One update: which object, what happened, and where its container lives. */
    public record Update(String operation, String account, String container, String object, Map<String, String> headers,
                         String host, String partition, String device) {
    }

    /**
     * Sends the update to every container replica named (hosts and devices may be comma-separated lists,
     * as Swift allows); a replica that does not take it gets the update queued for it.
     * @return true when every named container server took it
     */
    public boolean send(Update update, Path deviceRoot) {
        if (update.host() == null || update.partition() == null || update.device() == null) {
            return true; // the proxy asked for no update (e.g. a replication write)
        }
        String[] hosts = update.host().split(",");
        String[] devices = update.device().split(",");
        boolean all = true;
        for (int i = 0; i < hosts.length && i < devices.length; i++) {
            Update one = new Update(update.operation(), update.account(), update.container(), update.object(), update.headers(),
                    hosts[i].trim(), update.partition(), devices[i].trim());
            if (!sendOne(one)) {
                queue(one, deviceRoot);
                all = false;
            }
        }
        return all;
    }

    private boolean sendOne(Update update) {
        try {
            String path = "/" + encode(update.device()) + "/" + update.partition() + "/" + encode(update.account()) + "/"
                    + encode(update.container()) + "/" + encode(update.object());
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + update.host() + path)).timeout(timeout)
                    .method(update.operation(), HttpRequest.BodyPublishers.noBody());
            update.headers().forEach(request::header);
            request.header(io.stratus.swift.storage.db.DatabaseServer.SERVER_TYPE_HEADER, "container");
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                return true;
            }
            LOG.warnf("container update %s %s answered %d: queued", update.operation(), path, response.statusCode());
        } catch (IOException e) {
            LOG.warnf("container update to %s failed (%s): queued", update.host(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void queue(Update update, Path deviceRoot) {
        try {
            String hash = PathHasher.hex(hasher.hash(update.account(), update.container(), update.object()));
            Path dir = deviceRoot.resolve("async_pending").resolve(hash.substring(hash.length() - 3));
            Files.createDirectories(dir);
            Map<String, Object> pending = new LinkedHashMap<>();
            pending.put("op", update.operation());
            pending.put("account", update.account());
            pending.put("container", update.container());
            pending.put("obj", update.object());
            pending.put("headers", update.headers());
            pending.put("host", update.host());
            pending.put("partition", update.partition());
            pending.put("device", update.device());
            Path temp = Files.createTempFile(deviceRoot.resolve("tmp"), "async", ".tmp");
            Files.write(temp, JSON.writeValueAsBytes(pending));
            Files.move(temp, dir.resolve(hash + "-" + update.headers().get("X-Timestamp") + "-" + update.device()),
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.errorf(e, "could not queue a container update for %s/%s/%s", update.account(), update.container(), update.object());
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }
}
