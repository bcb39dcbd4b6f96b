package io.stratus.swift.proxy.controller;

import io.stratus.swift.proxy.backend.Backend;
import io.stratus.swift.proxy.config.Rings;
import io.stratus.swift.ring.Device;
import io.stratus.swift.ring.Ring;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Containers: created on all replicas (each told which account replica to report to), read from one. */
@ApplicationScoped
public class ContainerController {

    @Inject
    Rings rings;
    @Inject
    Backend backend;
    @Inject
    ReplicaReader reader;
    @Inject
    AccountController accounts;
    @Inject
    ExistenceCache existence;

    public Response get(String account, String container, String query, HttpHeaders headers, boolean head) {
        Backend.Answer answer = reader.read(head ? "HEAD" : "GET", account, container, null, query,
                ReplicaReader.forwarded(headers, "Accept", "X-Newest"), !head);
        if (answer == null) {
            return Passthrough.status(503, "Service Unavailable");
        }
        if (answer.status() == 404) {
            answer.close();
            return Passthrough.status(404, "Not Found");
        }
        return Passthrough.stream(answer, head);
    }

    public Response put(String account, String container, HttpHeaders headers) {
        accounts.ensureExists(account);
        Map<String, String> common = new LinkedHashMap<>();
        common.put("X-Timestamp", Passthrough.timestamp());
        Passthrough.copyUserHeaders(headers, common, "x-container-meta-");
        common.remove("Content-Type");
        Ring accountRing = rings.account();
        int accountPartition = accountRing.partition(rings.hasher(), account, null, null);
        List<Device> accountNodes = accountRing.primaries(accountPartition);
        Ring ring = rings.container();
        int partition = ring.partition(rings.hasher(), account, container, null);
        List<Device> nodes = ring.primaries(partition);
        List<Map<String, String>> perNode = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Map<String, String> headersForNode = new LinkedHashMap<>(common);
            Device accountNode = Colocation.single(nodes.get(i), i, accountNodes);
            headersForNode.put("X-Account-Host", accountNode.ip() + ":" + accountNode.port());
            headersForNode.put("X-Account-Partition", Integer.toString(accountPartition));
            headersForNode.put("X-Account-Device", accountNode.device());
            perNode.add(headersForNode);
        }
        List<Backend.Answer> answers = Replicas.all(backend, nodes, Replicas.writeHandoffs(ring, partition), "PUT",
                node -> Backend.path(node, partition, account, container, null), perNode);
        int status = Replicas.quorumStatus(answers, nodes.size());
        return Response.status(status).build();
    }

    public Response post(String account, String container, HttpHeaders headers) {
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("X-Timestamp", Passthrough.timestamp());
        Passthrough.copyUserHeaders(headers, forward, "x-container-meta-");
        forward.remove("Content-Type");
        return write(account, container, "POST", forward);
    }

    public Response delete(String account, String container) {
        existence.forget(account, container);
        return write(account, container, "DELETE", Map.of("X-Timestamp", Passthrough.timestamp()));
    }

    private Response write(String account, String container, String method, Map<String, String> headers) {
        Ring ring = rings.container();
        int partition = ring.partition(rings.hasher(), account, container, null);
        List<Device> nodes = ring.primaries(partition);
        List<Backend.Answer> answers = Replicas.all(backend, nodes, Replicas.writeHandoffs(ring, partition), method,
                node -> Backend.path(node, partition, account, container, null), List.of(headers));
        int status = Replicas.quorumStatus(answers, nodes.size());
        if (answers.stream().anyMatch(a -> a != null && a.status() == 409)) {
            return Passthrough.status(409, "There was a conflict when trying to complete your request.");
        }
        return status == 404 ? Passthrough.status(404, "Not Found") : Response.status(status).build();
    }

    /** The container's replicas, for the object server's container updates; null when the container does not exist. */
    public List<Device> existingContainerNodes(String account, String container) {
        Ring ring = rings.container();
        int partition = ring.partition(rings.hasher(), account, container, null);
        if (existence.exists(account, container)) {
            return ring.primaries(partition);
        }
        Backend.Answer answer = Replicas.firstGood(backend, ring.primaries(partition), "HEAD",
                node -> Backend.path(node, partition, account, container, null), Map.of(), false);
        if (answer != null && answer.isSuccess()) {
            existence.remember(account, container);
            return ring.primaries(partition);
        }
        return null;
    }

    public int containerPartition(String account, String container) {
        return rings.container().partition(rings.hasher(), account, container, null);
    }
}
