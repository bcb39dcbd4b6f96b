package io.stratus.swift.proxy.controller;

import io.stratus.swift.net.SwiftValues;
import io.stratus.swift.proxy.backend.Backend;
import io.stratus.swift.proxy.config.ProxyConfig;
import io.stratus.swift.proxy.config.Rings;
import io.stratus.swift.ring.Ring;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads an account, container or object from its replicas: primaries first, then handoffs, first good answer wins. */
@ApplicationScoped
public class ReplicaReader {

    @Inject
    Rings rings;
    @Inject
    Backend backend;
    @Inject
    ProxyConfig config;

    /**
     * @param container null for an account
     * @param object null for an account or container
     * @param query appended to the path ("" or "?…")
     * @return the answer, or null when no replica could be reached
     */
    public Backend.Answer read(String method, String account, String container, String object, String query,
                               Map<String, String> headers, boolean stream) {
        Ring ring = object != null ? rings.object() : container != null ? rings.container() : rings.account();
        int partition = ring.partition(rings.hasher(), account, container, object);
        if (SwiftValues.isTrue(headers.get("X-Newest"))) {
            // objects by their data's timestamp, accounts and containers by their put timestamp
            return Replicas.newest(backend, ring.primaries(partition), method,
                    node -> Backend.path(node, partition, account, container, object) + query, headers, stream,
                    answer -> (object != null ? answer.header("X-Backend-Timestamp")
                            : answer.header("X-PUT-Timestamp").or(() -> answer.header("X-Timestamp"))).orElse(""));
        }
        return Replicas.firstGood(backend, Replicas.readOrder(ring, partition, config.requestNodeCountExtra()), method,
                node -> Backend.path(node, partition, account, container, object) + query, headers, stream);
    }

    /** The client's headers of the given names that a read passes on (Accept, Range …). */
    public static Map<String, String> forwarded(HttpHeaders headers, String... names) {
        Map<String, String> forward = new LinkedHashMap<>();
        for (String name : names) {
            String value = headers.getHeaderString(name);
            if (value != null) {
                forward.put(name, value);
            }
        }
        return forward;
    }
}
