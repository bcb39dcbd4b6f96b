package io.stratus.swift.storage.replication;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.swift.storage.api.StorageResource;
import io.stratus.swift.storage.obj.diskfile.DiskFileManager;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What replicators ask of a peer (served under {@link StorageResource}'s paths): REPLICATE
 * /device/partition answers the partition's suffix hashes (with ?list=abc,def the files of those
 * suffixes instead, with ?recalculate=… hashing them afresh); SYNC /device/partition/hash/file
 * takes one file: its metadata as JSON, then its bytes.
 */
@jakarta.enterprise.context.ApplicationScoped
public class ReplicationResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @HttpMethod("REPLICATE")
    public @interface REPLICATE {
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @HttpMethod("SYNC")
    public @interface SYNC {
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @HttpMethod("MERGE")
    public @interface MERGE {
    }

    @Inject
    DiskFileManager diskFiles;
    @Inject
    io.stratus.swift.storage.maintenance.ObjectExpirer expirer;

    public Response replicate(String device, String partition, String list, String recalculate) throws IOException {
        java.nio.file.Path partitionDir = DiskFileManager.partitionDir(diskFiles.device(device), StorageResource.partition(partition));
        Object answer = list != null
                ? diskFiles.suffixHashes().files(partitionDir, suffixes(list))
                : diskFiles.suffixHashes().hashes(partitionDir, recalculate == null ? List.of() : suffixes(recalculate));
        return Response.ok(JSON.writeValueAsBytes(answer)).build();
    }

    public Response sync(String device, String partition, String hash, String file, int metadataLength, InputStream body)
            throws IOException {
        if (metadataLength <= 0 || metadataLength > 1 << 20) {
            throw new IllegalArgumentException(ObjectReplicator.METADATA_LENGTH + " must be between 1 and 1 MiB");
        }
        Map<String, String> metadata = JSON.readValue(body.readNBytes(metadataLength), new TypeReference<Map<String, String>>() { });
        int part = StorageResource.partition(partition);
        boolean taken = diskFiles.byHash(device, part, hash, null).receive(file, metadata, body);
        String name = metadata.get("name");
        if (taken && metadata.containsKey("X-Delete-At") && name != null && !file.endsWith(".ts")) {
            String[] path = name.split("/", 4); // "", account, container, object
            if (path.length == 4) {
                expirer.schedule(device, part, path[1], path[2], path[3], metadata.get("X-Delete-At"),
                        io.stratus.swift.net.Timestamp.parse(metadata.get("X-Timestamp")));
            }
        }
        return Response.status(taken ? 201 : 409).build();
    }

    private static List<String> suffixes(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).filter(s -> !s.isEmpty()).toList();
    }
}
