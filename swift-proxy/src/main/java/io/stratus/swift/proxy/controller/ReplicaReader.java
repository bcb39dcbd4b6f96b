package io.stratus.swift.proxy.controller;

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
        if (isTrue(headers.get("X-Newest"))) {
            return newest(ring.primaries(partition), method, node -> Backend.path(node, partition, account, container, object) + query,
                    headers, stream, object != null);
        }
        return Replicas.firstGood(backend, Replicas.readOrder(ring, partition, config.requestNodeCountExtra()), method,
                node -> Backend.path(node, partition, account, container, object) + query, headers, stream);
    }

    /**
     * X-Newest: every primary is asked and the answer with the newest timestamp wins (the object's data
     * timestamp; for accounts and containers their put timestamp), so a replica that missed the last write
     * cannot answer for the others.
     */
    private Backend.Answer newest(java.util.List<io.stratus.swift.ring.Device> nodes, String method,
                                  java.util.function.Function<io.stratus.swift.ring.Device, String> path, Map<String, String> headers,
                                  boolean stream, boolean isObject) {
        Backend.Answer best = null;
        String bestTimestamp = null;
        Backend.Answer notFound = null;
        for (io.stratus.swift.ring.Device node : nodes) {
            Backend.Answer answer = backend.send(node, method, path.apply(node), headers, stream);
            if (answer == null) {
                continue;
            }
            if (answer.isSuccess() || answer.status() == 416 || answer.status() == 304) {
                String timestamp = isObject ? answer.header("X-Backend-Timestamp").orElse("")
                        : answer.header("X-PUT-Timestamp").or(() -> answer.header("X-Timestamp")).orElse("");
                if (best == null || timestamp.compareTo(bestTimestamp) > 0) {
                    if (best != null) {
                        best.close();
                    }
                    best = answer;
                    bestTimestamp = timestamp;
                } else {
                    answer.close();
                }
            } else if (answer.status() == 404 && notFound == null) {
                notFound = answer;
            } else {
                answer.close();
            }
        }
        if (best != null) {
            if (notFound != null) {
                notFound.close();
            }
            return best;
        }
        return notFound;
    }

    private static boolean isTrue(String value) {
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1") || value.equalsIgnoreCase("yes")
                || value.equalsIgnoreCase("on") || value.equalsIgnoreCase("t") || value.equalsIgnoreCase("y"));
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
