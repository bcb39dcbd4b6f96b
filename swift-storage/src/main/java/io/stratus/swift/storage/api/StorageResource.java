package io.stratus.swift.storage.api;

import io.stratus.swift.storage.obj.ObjectServer;
import io.stratus.swift.storage.obj.ObjectServer.Target;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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
import java.io.IOException;
import java.io.InputStream;

/**
 * The node's internal API, as Swift's: `/<device>/<partition>/<account>[/<container>[/<object>]]`.
 * One resource class for all three levels, each delegating to its server.
 */
@Path("/")
public class StorageResource {

    private static final String OBJECT = "/{device}/{partition}/{account}/{container}/{object: .+}";

    @Inject
    ObjectServer objects;
    @Context
    HttpHeaders headers;

    @PUT
    @Path(OBJECT)
    @Consumes(MediaType.WILDCARD)
    public Response putObject(@PathParam("device") String device, @PathParam("partition") String partition,
                              @PathParam("account") String account, @PathParam("container") String container,
                              @PathParam("object") String object, InputStream body) throws IOException {
        return objects.put(target(device, partition, account, container, object), headers, body);
    }

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
                                 @PathParam("object") String object) throws IOException {
        return objects.delete(target(device, partition, account, container, object), headers);
    }

    static Target target(String device, String partition, String account, String container, String object) {
        return new Target(device, partition(partition), account, container, object);
    }

    static int partition(String value) {
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
