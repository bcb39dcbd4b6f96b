package io.stratus.swift.proxy.controller;

import io.stratus.swift.proxy.backend.Backend;
import io.stratus.swift.proxy.config.Rings;
import io.stratus.swift.ring.Device;
import io.stratus.swift.ring.Ring;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Accounts: listing and stats from one replica, metadata to all; an owner's account exists from its first use. */
@ApplicationScoped
public class AccountController {

    @Inject
    Rings rings;
    @Inject
    Backend backend;
    @Inject
    ReplicaReader reader;
    @Inject
    ExistenceCache existence;

    public Response get(String account, String query, HttpHeaders headers, boolean head) {
        String accept = headers.getHeaderString("Accept");
        Backend.Answer answer = reader.read(head ? "HEAD" : "GET", account, null, null, query,
                ReplicaReader.forwarded(headers, "Accept", "X-Newest"), !head);
        if (answer == null) {
            return Passthrough.status(503, "Service Unavailable");
        }
        if (answer.status() == 404) {
            answer.close();
            // account_autocreate: an owner's account that was never written reads as empty
            return Response.status(head || query.contains("format=") || accept != null && accept.contains("json") ? 200 : 204)
                    .header("X-Account-Container-Count", "0").header("X-Account-Object-Count", "0")
                    .header("X-Account-Bytes-Used", "0").header("X-Timestamp", Passthrough.timestamp())
                    .entity(head ? null : query.contains("format=json") || accept != null && accept.contains("json") ? "[]" : null)
                    .build();
        }
        return Passthrough.stream(answer, head);
    }

    public Response post(String account, HttpHeaders headers) {
        ensureExists(account);
        Map<String, String> forward = new HashMap<>();
        forward.put("X-Timestamp", Passthrough.timestamp());
        Passthrough.copyUserHeaders(headers, forward, "x-account-meta-");
        return write(account, "POST", forward);
    }

    /** Creates the account on its replicas if it is not there yet (Swift's account_autocreate). */
    public void ensureExists(String account) {
        if (existence.exists(account, null)) {
            return;
        }
        Ring ring = rings.account();
        int partition = ring.partition(rings.hasher(), account, null, null);
        Backend.Answer answer = Replicas.firstGood(backend, ring.primaries(partition), "HEAD",
                node -> Backend.path(node, partition, account, null, null), Map.of(), false);
        if (answer != null && answer.isSuccess()) {
            existence.remember(account, null);
            return;
        }
        write(account, "PUT", Map.of("X-Timestamp", Passthrough.timestamp()));
    }

    private Response write(String account, String method, Map<String, String> headers) {
        Ring ring = rings.account();
        int partition = ring.partition(rings.hasher(), account, null, null);
        List<Device> nodes = ring.primaries(partition);
        List<Backend.Answer> answers = Replicas.all(backend, nodes, Replicas.writeHandoffs(ring, partition), method,
                node -> Backend.path(node, partition, account, null, null), List.of(headers));
        int status = Replicas.quorumStatus(answers, nodes.size());
        return Response.status(status == 201 || status == 202 ? 204 : status).build();
    }
}
