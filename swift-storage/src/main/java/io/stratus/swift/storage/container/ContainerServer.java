package io.stratus.swift.storage.container;

import io.stratus.swift.net.Timestamp;
import io.stratus.swift.storage.db.Coalescer;
import io.stratus.swift.storage.db.DatabaseBroker;
import io.stratus.swift.storage.db.DatabaseServer;
import io.stratus.swift.storage.db.Listing;
import io.stratus.swift.storage.db.ListingFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container server: a container's database (PUT, HEAD, GET listing, POST, DELETE when empty),
 * the object rows object servers report, and the account row it reports in turn, so the account's
 * counters move with every object write.
 */
@ApplicationScoped
public class ContainerServer extends DatabaseServer {

    private static final String META = "x-container-meta-";

    private final Coalescer<java.nio.file.Path> accountReports = new Coalescer<>();

    @jakarta.inject.Inject
    io.stratus.swift.storage.account.AccountServer accounts;

    private ContainerBroker broker(String device, int partition, String account, String container) {
        return new ContainerBroker(databaseFile("containers", device, partition, account, container));
    }

    public Response put(String device, int partition, String account, String container, HttpHeaders headers) throws Exception {
        Timestamp timestamp = requiredTimestamp(headers);
        ContainerBroker broker = broker(device, partition, account, container);
        boolean created = broker.initialize(account, container, timestamp.internal());
        boolean recreated = false;
        if (!created) {
            DatabaseBroker.Info before = broker.info();
            recreated = before.isDeleted() && timestamp.internal().compareTo(before.deleteTimestamp()) > 0;
        }
        broker.put(timestamp.internal(), metadataHeaders(headers, META));
        reportToAccount(broker, account, container, headers, headers.getHeaderString("Host"));
        return Response.status(created || recreated ? 201 : 202).build();
    }

    public Response head(String device, int partition, String account, String container) throws Exception {
        ContainerBroker broker = broker(device, partition, account, container);
        DatabaseBroker.Info info = live(broker);
        return stats(info).status(204).build();
    }

    private static final String[] OBJECT_FIELDS = {"name", "hash", "bytes", "content_type", "last_modified"};

    public Response list(String device, int partition, String account, String container, HttpHeaders headers,
                         MultivaluedMap<String, String> query) throws Exception {
        ContainerBroker broker = broker(device, partition, account, container);
        DatabaseBroker.Info info = live(broker);
        List<Listing.Entry<ContainerBroker.ObjectRow>> entries = broker.list(listingQuery(query));
        ListingFormat format = ListingFormat.of(query.getFirst("format"), headers);
        if (entries.isEmpty() && format == ListingFormat.PLAIN) {
            return stats(info).status(204).build();
        }
        List<ListingFormat.Item> items = new ArrayList<>(entries.size());
        for (Listing.Entry<ContainerBroker.ObjectRow> entry : entries) {
            ContainerBroker.ObjectRow row = entry.row();
            items.add(entry.isSubdir() ? ListingFormat.Item.subdir(entry.name())
                    : ListingFormat.Item.row(OBJECT_FIELDS, row.name(), row.etag(), row.size(), row.contentType(),
                    Timestamp.parse(row.createdAt()).listingTime()));
        }
        return stats(info).status(200).type(format.contentType()).entity(format.render("container", container, "object", items)).build();
    }

    public Response post(String device, int partition, String account, String container, HttpHeaders headers) throws Exception {
        Timestamp timestamp = requiredTimestamp(headers);
        ContainerBroker broker = broker(device, partition, account, container);
        live(broker);
        broker.updateMetadata(metadataHeaders(headers, META), timestamp.internal());
        return Response.status(204).build();
    }

    public Response delete(String device, int partition, String account, String container, HttpHeaders headers) throws Exception {
        Timestamp timestamp = requiredTimestamp(headers);
        ContainerBroker broker = broker(device, partition, account, container);
        DatabaseBroker.Info info = live(broker);
        if (info.objectCount() > 0) {
            return Response.status(409).type("text/plain").entity("There was a conflict when trying to complete your request.\n").build();
        }
        broker.markDeleted(timestamp.internal());
        reportToAccount(broker, account, container, headers, headers.getHeaderString("Host"));
        return Response.status(204).build();
    }

    /** An object server reports a PUT or DELETE of an object. */
    public Response objectUpdate(String device, int partition, String account, String container, String object,
                                 java.util.function.Function<String, String> header, boolean deleted, String self) throws Exception {
        Timestamp timestamp = Timestamp.parse(header.apply("X-Timestamp"));
        ContainerBroker broker = broker(device, partition, account, container);
        DatabaseBroker.Info info = live(broker);
        String size = header.apply("X-Size");
        boolean changed = broker.putObject(object, timestamp.internal(), size == null ? 0 : Long.parseLong(size),
                header.apply("X-Content-Type"), header.apply("X-Etag"), deleted);
        if (changed) {
            accountReports.run(broker.file(), () -> reportToAccount(broker, account, container, null, self));
        }
        return Response.status(deleted ? 204 : 201).build();
    }

    private DatabaseBroker.Info live(ContainerBroker broker) throws Exception {
        if (!broker.exists()) {
            throw new io.stratus.swift.storage.obj.diskfile.DiskFileException.NotExist();
        }
        DatabaseBroker.Info info = broker.info();
        if (info.isDeleted()) {
            throw new io.stratus.swift.storage.obj.diskfile.DiskFileException.NotExist();
        }
        return info;
    }

    private static Response.ResponseBuilder stats(DatabaseBroker.Info info) {
        Response.ResponseBuilder response = Response.ok().header("X-Container-Object-Count", info.objectCount())
                .header("X-Container-Bytes-Used", info.bytesUsed()).header("X-Timestamp", info.createdAt())
                .header("X-PUT-Timestamp", info.putTimestamp()).header("X-Backend-Timestamp", info.createdAt());
        userMetadata(response, info.metadata(), META);
        return response;
    }

    /**
     * Reports this container's row to its account servers: those the proxy named when it created the
     * container (kept with the database), or those named on this request.
     */
    private void reportToAccount(ContainerBroker broker, String account, String container, HttpHeaders headers, String self)
            throws Exception {
        DatabaseBroker.Info info = broker.info();
        String hosts = headers != null && headers.getHeaderString("X-Account-Host") != null
                ? headers.getHeaderString("X-Account-Host") : info.metadata().get("x-backend-account-host");
        String partition = headers != null && headers.getHeaderString("X-Account-Partition") != null
                ? headers.getHeaderString("X-Account-Partition") : info.metadata().get("x-backend-account-partition");
        String devices = headers != null && headers.getHeaderString("X-Account-Device") != null
                ? headers.getHeaderString("X-Account-Device") : info.metadata().get("x-backend-account-device");
        if (hosts == null || partition == null || devices == null) {
            return;
        }
        if (headers != null && headers.getHeaderString("X-Account-Host") != null) {
            broker.updateMetadata(Map.of("x-backend-account-host", hosts, "x-backend-account-partition", partition,
                    "x-backend-account-device", devices), requiredTimestamp(headers).internal());
        }
        Map<String, String> report = new LinkedHashMap<>();
        report.put(SERVER_TYPE_HEADER, "account");
        report.put("X-Put-Timestamp", info.putTimestamp());
        report.put("X-Delete-Timestamp", info.deleteTimestamp());
        report.put("X-Object-Count", Long.toString(info.objectCount()));
        report.put("X-Bytes-Used", Long.toString(info.bytesUsed()));
        report.put("X-Timestamp", info.putTimestamp());
        String[] hostList = hosts.split(",");
        String[] deviceList = devices.split(",");
        for (int i = 0; i < hostList.length && i < deviceList.length; i++) {
            String host = hostList[i].trim();
            if (accounts.servesHere(host, deviceList[i].trim(), self)) {
                // the account replica lives in this process: no HTTP round trip
                accounts.containerUpdate(deviceList[i].trim(), Integer.parseInt(partition), account, container, report::get);
            } else {
                update(host, deviceList[i].trim(), partition, "/" + encode(account) + "/" + encode(container), report);
            }
        }
    }
}
