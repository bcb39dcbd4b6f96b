package io.stratus.swift.storage.obj;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.swift.net.KeepAliveHttp;
import io.stratus.swift.ring.PathHasher;
import io.stratus.swift.storage.common.DurableFiles;
import io.stratus.swift.storage.common.TempFolder;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    private final Duration timeout;
    private final PathHasher hasher;

    public ContainerUpdater(Duration timeout, PathHasher hasher) {
        this.timeout = timeout;
        this.hasher = hasher;
    }

    /** One update: which object, what happened, and where its container lives. */
    public record Update(String operation, String account, String container, String object, Map<String, String> headers,
                         String host, String partition, String device) {
    }

    /** Container replicas in this process, which take updates by a call rather than a request. */
    public interface LocalContainers {
        boolean holds(Update update);

        /** @return whether the replica took the update */
        boolean apply(Update update);
    }

    /**
     * Sends the update to every container replica named (hosts and devices may be comma-separated lists,
     * as Swift allows); a replica that does not take it gets the update queued for it.
     * @param deviceRoot the device the queue is on, asked for only when something is queued
     * @return true when every named container server took it
     */
    public boolean send(Update update, java.util.function.Supplier<Path> deviceRoot, LocalContainers local) {
        if (update.host() == null || update.partition() == null || update.device() == null) {
            return true; // the proxy asked for no update (e.g. a replication write)
        }
        String[] hosts = update.host().split(",");
        String[] devices = update.device().split(",");
        List<Update> replicas = new ArrayList<>();
        List<Boolean> here = new ArrayList<>();
        List<KeepAliveHttp.Connection> sent = new ArrayList<>();
        for (int i = 0; i < hosts.length && i < devices.length; i++) {
            Update one = new Update(update.operation(), update.account(), update.container(), update.object(), update.headers(),
                    hosts[i].trim(), update.partition(), devices[i].trim());
            replicas.add(one);
            here.add(local.holds(one));
            sent.add(here.get(i) ? null : start(one)); // remote requests all go out before any answer is awaited
        }
        boolean all = true;
        for (int i = 0; i < replicas.size(); i++) {
            Update one = replicas.get(i);
            boolean took = here.get(i) ? local.apply(one) : finish(one, sent.get(i));
            if (!took) {
                queue(one, deviceRoot.get());
                all = false;
            }
        }
        return all;
    }

    /** Sends one update to the one container replica it names, queuing nothing. @return whether it took it */
    public boolean deliver(Update update) {
        return finish(update, start(update));
    }

    /** A queued update as {@link #queue} wrote it. */
    public static Update readPending(Path file) throws IOException {
        Map<String, Object> pending = JSON.readValue(file.toFile(), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) pending.get("headers");
        return new Update((String) pending.get("op"), (String) pending.get("account"), (String) pending.get("container"),
                (String) pending.get("obj"), headers, (String) pending.get("host"), (String) pending.get("partition"),
                (String) pending.get("device"));
    }

    private KeepAliveHttp.Connection start(Update update) {
        try {
            int colon = update.host().lastIndexOf(':');
            KeepAliveHttp.Connection connection = KeepAliveHttp.open(update.host().substring(0, colon),
                    Integer.parseInt(update.host().substring(colon + 1)), update.operation(), path(update), headersOf(update), 0,
                    timeout, timeout);
            connection.finish();
            return connection;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("container update to %s failed (%s): queued", update.host(), e.getMessage());
            return null;
        }
    }

    private boolean finish(Update update, KeepAliveHttp.Connection connection) {
        if (connection == null) {
            return false;
        }
        try {
            int status = connection.readAnswer().status();
            if (status / 100 == 2) {
                return true;
            }
            LOG.warnf("container update %s %s answered %d: queued", update.operation(), path(update), status);
        } catch (IOException e) {
            if (connection.reused()) {
                // the container server closed the kept-alive connection meanwhile: an update may be repeated
                return sendAgain(update);
            }
            LOG.warnf("container update to %s failed (%s): queued", update.host(), e.getMessage());
        }
        return false;
    }

    private boolean sendAgain(Update update) {
        try {
            int colon = update.host().lastIndexOf(':');
            return KeepAliveHttp.exchange(update.host().substring(0, colon), Integer.parseInt(update.host().substring(colon + 1)),
                    update.operation(), path(update), headersOf(update), null, timeout, timeout).status() / 100 == 2;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("container update to %s failed (%s): queued", update.host(), e.getMessage());
            return false;
        }
    }

    private static Map<String, String> headersOf(Update update) {
        Map<String, String> headers = new LinkedHashMap<>(update.headers());
        headers.put(io.stratus.swift.storage.db.DatabaseServer.SERVER_TYPE_HEADER, "container");
        return headers;
    }

    private static String path(Update update) {
        return "/" + encode(update.device()) + "/" + update.partition() + "/" + encode(update.account()) + "/"
                + encode(update.container()) + "/" + encode(update.object());
    }

    private void queue(Update update, Path deviceRoot) {
        try {
            String hash = PathHasher.hex(hasher.hash(update.account(), update.container(), update.object()));
            Path dir = deviceRoot.resolve("async_pending").resolve(hash.substring(hash.length() - 3));
            DurableFiles.ensureDirectory(dir);
            Map<String, Object> pending = new LinkedHashMap<>();
            pending.put("op", update.operation());
            pending.put("account", update.account());
            pending.put("container", update.container());
            pending.put("obj", update.object());
            pending.put("headers", update.headers());
            pending.put("host", update.host());
            pending.put("partition", update.partition());
            pending.put("device", update.device());
            DurableFiles.ensureDirectory(TempFolder.of(deviceRoot));
            Path temp = Files.createTempFile(TempFolder.of(deviceRoot), "async", ".tmp");
            try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                out.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(pending)));
                out.force(true); // the object's 201 may rest on this update reaching its container later
            }
            Files.move(temp, dir.resolve(hash + "-" + update.headers().get("X-Timestamp") + "-" + update.device()),
                    StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.fsyncDirectory(dir);
        } catch (IOException e) {
            LOG.errorf(e, "could not queue a container update for %s/%s/%s", update.account(), update.container(), update.object());
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }
}
