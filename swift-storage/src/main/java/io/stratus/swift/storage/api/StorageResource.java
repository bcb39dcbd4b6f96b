package io.stratus.swift.storage.api;

import io.stratus.swift.storage.account.AccountServer;
import io.stratus.swift.storage.container.ContainerServer;
import io.stratus.swift.storage.db.DatabaseReplication;
import io.stratus.swift.storage.db.DatabaseServer;
import io.stratus.swift.storage.obj.ObjectServer;
import io.stratus.swift.storage.obj.ObjectServer.Target;
import jakarta.inject.Inject;
import io.stratus.swift.storage.replication.ObjectReplicator;
import io.stratus.swift.storage.replication.ReplicationResource;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import java.io.InputStream;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;

/**
 * The node's internal API, as Swift's: `/<device>/<partition>/<account>[/<container>[/<object>]]`.
 * One resource class for all three levels, each delegating to its server.
 */
@Path("/")
public class StorageResource {

    private static final String OBJECT = "/{device}/{partition}/{account}/{container}/{object: .+}";
    private static final String CONTAINER = "/{device}/{partition}/{account}/{container}";
    private static final String ACCOUNT = "/{device}/{partition}/{account}";

    @Inject
    ObjectServer objects;
    @Inject
    ContainerServer containers;
    @Inject
    AccountServer accounts;
    @Inject
    ReplicationResource replication;
    @Inject
    io.stratus.swift.storage.db.DatabaseReplication databaseReplication;
    @Context
    HttpHeaders headers;
    @Context
    UriInfo uri;

    private boolean addressedTo(String serverType) {
        return serverType.equalsIgnoreCase(headers.getHeaderString(DatabaseServer.SERVER_TYPE_HEADER));
    }

    // ---- accounts

    @PUT
    @Path(ACCOUNT)
    @Consumes(MediaType.WILDCARD)
    public Response putAccount(@PathParam("device") String device, @PathParam("partition") String partition,
                               @PathParam("account") String account) throws Exception {
        return accounts.put(device, partition(partition), account, headers);
    }

    @GET
    @Path(ACCOUNT)
    public Response listAccount(@PathParam("device") String device, @PathParam("partition") String partition,
                                @PathParam("account") String account) throws Exception {
        return accounts.list(device, partition(partition), account, headers, uri.getQueryParameters());
    }

    @HEAD
    @Path(ACCOUNT)
    public Response headAccount(@PathParam("device") String device, @PathParam("partition") String partition,
                                @PathParam("account") String account) throws Exception {
        return accounts.head(device, partition(partition), account);
    }

    @POST
    @Path(ACCOUNT)
    @Consumes(MediaType.WILDCARD)
    public Response postAccount(@PathParam("device") String device, @PathParam("partition") String partition,
                                @PathParam("account") String account) throws Exception {
        return accounts.post(device, partition(partition), account, headers);
    }

    @DELETE
    @Path(ACCOUNT)
    public Response deleteAccount(@PathParam("device") String device, @PathParam("partition") String partition,
                                  @PathParam("account") String account) throws Exception {
        return accounts.delete(device, partition(partition), account, headers);
    }

    // ---- containers (and the container rows container servers report to accounts)

    @PUT
    @Path(CONTAINER)
    @Consumes(MediaType.WILDCARD)
    public Response putContainer(@PathParam("device") String device, @PathParam("partition") String partition,
                                 @PathParam("account") String account, @PathParam("container") String container) throws Exception {
        if (addressedTo("account")) {
            return accounts.containerUpdate(device, partition(partition), account, container, headers::getHeaderString);
        }
        return containers.put(device, partition(partition), account, container, headers);
    }

    @GET
    @Path(CONTAINER)
    public Response listContainer(@PathParam("device") String device, @PathParam("partition") String partition,
                                  @PathParam("account") String account, @PathParam("container") String container) throws Exception {
        return containers.list(device, partition(partition), account, container, headers, uri.getQueryParameters());
    }

    @HEAD
    @Path(CONTAINER)
    public Response headContainer(@PathParam("device") String device, @PathParam("partition") String partition,
                                  @PathParam("account") String account, @PathParam("container") String container) throws Exception {
        return containers.head(device, partition(partition), account, container);
    }

    @POST
    @Path(CONTAINER)
    @Consumes(MediaType.WILDCARD)
    public Response postContainer(@PathParam("device") String device, @PathParam("partition") String partition,
                                  @PathParam("account") String account, @PathParam("container") String container) throws Exception {
        return containers.post(device, partition(partition), account, container, headers);
    }

    @DELETE
    @Path(CONTAINER)
    public Response deleteContainer(@PathParam("device") String device, @PathParam("partition") String partition,
                                    @PathParam("account") String account, @PathParam("container") String container) throws Exception {
        return containers.delete(device, partition(partition), account, container, headers);
    }

    // ---- objects (and the object rows object servers report to containers)

    // PUTs here, object and object row alike, are taken before JAX-RS by ObjectPutRoute

    @GET
    @Path(OBJECT)
    public Response getObject(@PathParam("device") String device, @PathParam("partition") String partition,
                              @PathParam("account") String account, @PathParam("container") String container,
                              @PathParam("object") String object) throws IOException {
        return objects.get(target(device, partition, account, container, object), headers, false);
    }

    @HEAD
    @Path(OBJECT)
    public Response headObject(@PathParam("device") String device, @PathParam("partition") String partition,
                               @PathParam("account") String account, @PathParam("container") String container,
                               @PathParam("object") String object) throws IOException {
        return objects.get(target(device, partition, account, container, object), headers, true);
    }

    @POST
    @Path(OBJECT)
    @Consumes(MediaType.WILDCARD)
    public Response postObject(@PathParam("device") String device, @PathParam("partition") String partition,
                               @PathParam("account") String account, @PathParam("container") String container,
                               @PathParam("object") String object) throws IOException {
        return objects.post(target(device, partition, account, container, object), headers);
    }

    @DELETE
    @Path(OBJECT)
    public Response deleteObject(@PathParam("device") String device, @PathParam("partition") String partition,
                                 @PathParam("account") String account, @PathParam("container") String container,
                                 @PathParam("object") String object) throws Exception {
        if (addressedTo("container")) {
            return containers.objectUpdate(device, partition(partition), account, container, object, headers::getHeaderString, true,
                    headers.getHeaderString("Host"));
        }
        return objects.delete(target(device, partition, account, container, object), headers);
    }

    // ---- replication between nodes

    @ReplicationResource.REPLICATE
    @Path("/{device}/{partition}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response replicate(@PathParam("device") String device, @PathParam("partition") String partition,
                              @QueryParam("list") String list, @QueryParam("recalculate") String recalculate) throws IOException {
        return replication.replicate(device, partition, list, recalculate);
    }

    @ReplicationResource.SYNC
    @Path("/{device}/{partition}/{hash}/{file}")
    @Consumes(MediaType.WILDCARD)
    public Response sync(@PathParam("device") String device, @PathParam("partition") String partition, @PathParam("hash") String hash,
                         @PathParam("file") String file, @HeaderParam(ObjectReplicator.METADATA_LENGTH) int metadataLength,
                         InputStream body) throws IOException {
        try {
            return replication.sync(device, partition, hash, file, metadataLength, body);
        } finally {
            drain(body);
        }
    }

    /**
     * Reads what is left of a body this node answers without taking (a 409 for a version it has): the
     * sender is still writing it, and with nobody reading its write would block for good.
     */
    private static void drain(InputStream body) throws IOException {
        body.transferTo(java.io.OutputStream.nullOutputStream());
    }

    @ReplicationResource.REPLICATE
    @Path("/{device}/{partition}/{hash}")
    @Consumes(MediaType.WILDCARD)
    public Response replicateDatabase(@PathParam("device") String device, @PathParam("partition") String partition,
                                      @PathParam("hash") String hash, @QueryParam("kind") String kind, byte[] senderState)
            throws Exception {
        return databaseReplication.state(kind, device, partition(partition), hash, senderState);
    }

    @ReplicationResource.MERGE
    @Path("/{device}/{partition}/{hash}")
    @Consumes(MediaType.WILDCARD)
    public Response mergeDatabase(@PathParam("device") String device, @PathParam("partition") String partition,
                                  @PathParam("hash") String hash, @QueryParam("kind") String kind,
                                  @HeaderParam(DatabaseReplication.REPLICA_ID) String senderId,
                                  @HeaderParam(DatabaseReplication.REPLICA_POINT) long point, byte[] rows) throws Exception {
        return databaseReplication.merge(kind, device, partition(partition), hash, senderId, point, rows);
    }

    @ReplicationResource.SYNC
    @Path("/{device}/{partition}/{hash}")
    @Consumes(MediaType.WILDCARD)
    public Response syncDatabase(@PathParam("device") String device, @PathParam("partition") String partition,
                                 @PathParam("hash") String hash, @QueryParam("kind") String kind,
                                 @HeaderParam(DatabaseReplication.REPLICA_ID) String senderId,
                                 @HeaderParam(DatabaseReplication.REPLICA_POINT) long point, InputStream body) throws Exception {
        try {
            return databaseReplication.receiveWhole(kind, device, partition(partition), hash, senderId, point, body);
        } finally {
            drain(body);
        }
    }

    static Target target(String device, String partition, String account, String container, String object) {
        return new Target(device, partition(partition), account, container, object);
    }

    public static int partition(String value) {
        try {
            int partition = Integer.parseInt(value);
            if (partition < 0) {
                throw new NumberFormatException();
            }
            return partition;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("partition '" + value + "' is not a partition number");
        }
    }
}
