package io.stratus.swift.storage.db;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.swift.storage.account.AccountBroker;
import io.stratus.swift.storage.common.DurableFiles;
import io.stratus.swift.storage.container.ContainerBroker;
import io.stratus.swift.storage.obj.diskfile.DiskFileManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A database replica's side of replication, for account and container databases alike:
 * REPLICATE answers how far this replica has taken the sender's rows (taking the sender's stat row
 * on the way), MERGE takes rows, SYNC takes a whole database this node does not have.
 */
@ApplicationScoped
public class DatabaseReplication {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String REPLICA_ID = "X-Replica-Id";
    public static final String REPLICA_POINT = "X-Replica-Point";

    @Inject
    DiskFileManager devices;

    /** `<device>/<kind>/<partition>/<suffix>/<hash>/<hash>.db`; kind is "accounts" or "containers". */
    public static Path databaseFile(Path deviceRoot, String kind, int partition, String hash) {
        return deviceRoot.resolve(kind).resolve(Integer.toString(partition)).resolve(hash.substring(hash.length() - 3)).resolve(hash)
                .resolve(hash + ".db");
    }

    public static DatabaseBroker broker(String kind, Path file) {
        return switch (kind) {
            case "accounts" -> new AccountBroker(file);
            case "containers" -> new ContainerBroker(file);
            default -> throw new IllegalArgumentException("kind must be accounts or containers, not '" + kind + "'");
        };
    }

    private DatabaseBroker broker(String kind, String device, int partition, String hash) {
        if (hash == null || !hash.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("'" + hash + "' is not a database hash");
        }
        return broker(kind, databaseFile(devices.device(device), kind, partition, hash));
    }

    /** REPLICATE: 404 when this replica has no such database, else its id and how far it has the sender's rows. */
    public Response state(String kind, String device, int partition, String hash, byte[] senderState) throws IOException, SQLException {
        DatabaseBroker broker = broker(kind, device, partition, hash);
        if (!broker.exists()) {
            return Response.status(404).build();
        }
        DatabaseBroker.ReplicaState sender = JSON.readValue(senderState, DatabaseBroker.ReplicaState.class);
        broker.mergeStat(sender);
        DatabaseBroker.ReplicaState mine = broker.replicaState();
        return Response.ok(JSON.writeValueAsBytes(Map.of("id", mine.id(), "point", broker.syncPoint(sender.id()))))
                .type("application/json").build();
    }

    /** MERGE: the sender's rows, with the sync point they bring this replica to. */
    public Response merge(String kind, String device, int partition, String hash, String senderId, long point, byte[] rows)
            throws IOException, SQLException {
        DatabaseBroker broker = broker(kind, device, partition, hash);
        if (!broker.exists()) {
            return Response.status(404).build();
        }
        broker.mergeFrom(senderId, point, JSON.readValue(rows, new TypeReference<List<Map<String, Object>>>() { }));
        return Response.noContent().build();
    }

    /** SYNC: a whole database from a peer, put in place only if this replica still has none. */
    public Response receiveWhole(String kind, String device, int partition, String hash, String senderId, long point, InputStream body)
            throws IOException, SQLException {
        DatabaseBroker broker = broker(kind, device, partition, hash);
        if (broker.exists()) {
            return Response.status(409).build();
        }
        Path file = broker.file();
        Path tmp = DatabaseBroker.tmpFolder(file);
        DurableFiles.ensureDirectory(tmp);
        Path temp = tmp.resolve(file.getFileName() + ".incoming-" + UUID.randomUUID());
        try {
            Files.copy(body, temp);
            DatabaseBroker.adoptCopy(temp, senderId, point);
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            // created by a PUT meanwhile: the sender sends its rows instead
            return Response.status(DatabaseBroker.placeIfAbsent(temp, file) ? 201 : 409).build();
        } finally {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(Path.of(temp + "-wal"));
            Files.deleteIfExists(Path.of(temp + "-shm"));
        }
    }
}
