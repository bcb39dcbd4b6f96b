package io.stratus.swift.storage.account;

import io.stratus.swift.net.Timestamp;
import io.stratus.swift.storage.db.DatabaseBroker;
import io.stratus.swift.storage.db.DatabaseServer;
import io.stratus.swift.storage.db.Listing;
import io.stratus.swift.storage.db.ListingFormat;
import io.stratus.swift.storage.obj.diskfile.DiskFileException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/** The account server: an account's database (PUT, HEAD, GET listing, POST, DELETE) and the container rows reported to it. */
@ApplicationScoped
public class AccountServer extends DatabaseServer {

    private static final String META = "x-account-meta-";

    private AccountBroker broker(String device, int partition, String account) {
        return new AccountBroker(databaseFile("accounts", device, partition, account, null));
    }

    public Response put(String device, int partition, String account, HttpHeaders headers) throws Exception {
        Timestamp timestamp = requiredTimestamp(headers);
        AccountBroker broker = broker(device, partition, account);
        boolean created = broker.initialize(account, null, timestamp.internal());
        broker.put(timestamp.internal(), metadataHeaders(headers, META));
        return Response.status(created ? 201 : 202).build();
    }

    public Response head(String device, int partition, String account) throws Exception {
        return stats(live(broker(device, partition, account))).status(204).build();
    }

    private static final String[] CONTAINER_FIELDS = {"name", "count", "bytes", "last_modified"};

    public Response list(String device, int partition, String account, HttpHeaders headers, MultivaluedMap<String, String> query)
            throws Exception {
        AccountBroker broker = broker(device, partition, account);
        DatabaseBroker.Info info = live(broker);
        List<Listing.Entry<AccountBroker.ContainerRow>> entries = broker.list(listingQuery(query));
        ListingFormat format = ListingFormat.of(query.getFirst("format"), headers);
        if (entries.isEmpty() && format == ListingFormat.PLAIN) {
            return stats(info).status(204).build();
        }
        List<ListingFormat.Item> items = new ArrayList<>(entries.size());
        for (Listing.Entry<AccountBroker.ContainerRow> entry : entries) {
            AccountBroker.ContainerRow row = entry.row();
            items.add(entry.isSubdir() ? ListingFormat.Item.subdir(entry.name())
                    : ListingFormat.Item.row(CONTAINER_FIELDS, row.name(), row.objectCount(), row.bytesUsed(),
                    Timestamp.parse(row.putTimestamp()).listingTime()));
        }
        return stats(info).status(200).type(format.contentType()).entity(format.render("account", account, "container", items)).build();
    }

    public Response post(String device, int partition, String account, HttpHeaders headers) throws Exception {
        Timestamp timestamp = requiredTimestamp(headers);
        AccountBroker broker = broker(device, partition, account);
        live(broker);
        broker.updateMetadata(metadataHeaders(headers, META), timestamp.internal());
        return Response.status(204).build();
    }

    public Response delete(String device, int partition, String account, HttpHeaders headers) throws Exception {
        Timestamp timestamp = requiredTimestamp(headers);
        AccountBroker broker = broker(device, partition, account);
        live(broker);
        broker.markDeleted(timestamp.internal());
        return Response.status(204).build();
    }

    /** A container server reports a container's row. */
    public Response containerUpdate(String device, int partition, String account, String container,
                                    java.util.function.Function<String, String> header) throws Exception {
        AccountBroker broker = broker(device, partition, account);
        if (!broker.exists()) {
            // Swift's account_autocreate: a container report creates the account it belongs to
            broker.initialize(account, null, header.apply("X-Put-Timestamp"));
        }
        broker.putContainer(container, Timestamp.parse(header.apply("X-Put-Timestamp")).internal(),
                header.apply("X-Delete-Timestamp") == null ? "0"
                        : header.apply("X-Delete-Timestamp"),
                Long.parseLong(header.apply("X-Object-Count")), Long.parseLong(header.apply("X-Bytes-Used")));
        return Response.status(201).build();
    }

    private static DatabaseBroker.Info live(AccountBroker broker) throws Exception {
        if (!broker.exists() || broker.info().isDeleted()) {
            throw new DiskFileException.NotExist();
        }
        return broker.info();
    }

    private static Response.ResponseBuilder stats(DatabaseBroker.Info info) {
        Response.ResponseBuilder response = Response.ok().header("X-Account-Container-Count", info.containerCount())
                .header("X-Account-Object-Count", info.objectCount()).header("X-Account-Bytes-Used", info.bytesUsed())
                .header("X-Timestamp", info.createdAt()).header("X-PUT-Timestamp", info.putTimestamp());
        userMetadata(response, info.metadata(), META);
        return response;
    }
}
