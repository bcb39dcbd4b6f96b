package io.stratus.swift.proxy.controller;

import io.stratus.swift.proxy.backend.Backend;
import io.stratus.swift.ring.Device;
import io.stratus.swift.ring.Ring;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Asking a partition's replicas: the first good answer for reads, all of them for writes. */
final class Replicas {

    private Replicas() {
    }

    /** Primaries, then up to {@code extraHandoffs} handoffs: the nodes a read tries in turn. */
    static List<Device> readOrder(Ring ring, int partition, int extraHandoffs) {
        List<Device> nodes = new ArrayList<>(ring.primaries(partition));
        List<Device> handoffs = ring.handoffs(partition);
        nodes.addAll(handoffs.subList(0, Math.min(extraHandoffs, handoffs.size())));
        return nodes;
    }

    /**
     * The first 2xx (or 416/304) answer, trying nodes in order; when none, the most telling failure:
     * 404 if any node said so, else 503.
     */
    static Backend.Answer firstGood(Backend backend, List<Device> nodes, String method, Function<Device, String> path,
                                    Map<String, String> headers, boolean stream) {
        return best(backend, nodes, method, path, headers, stream, null);
    }

    /**
     * Every node is asked and the readable answer whose {@code timestamp} is newest wins (X-Newest); the
     * others are closed. When none is readable, as {@link #firstGood}.
     */
    static Backend.Answer newest(Backend backend, List<Device> nodes, String method, Function<Device, String> path,
                                 Map<String, String> headers, boolean stream, Function<Backend.Answer, String> timestamp) {
        return best(backend, nodes, method, path, headers, stream, timestamp);
    }

    /** With a null {@code timestamp}, the first readable answer; else the newest of all. */
    private static Backend.Answer best(Backend backend, List<Device> nodes, String method, Function<Device, String> path,
                                       Map<String, String> headers, boolean stream, Function<Backend.Answer, String> timestamp) {
        Backend.Answer best = null;
        String bestTimestamp = null;
        Backend.Answer notFound = null;
        for (Device node : nodes) {
            Backend.Answer answer = backend.send(node, method, path.apply(node), headers, stream);
            if (answer == null) {
                continue;
            }
            if (answer.isSuccess() || answer.status() == 416 || answer.status() == 304) {
                if (timestamp == null) {
                    best = answer;
                    break;
                }
                String when = timestamp.apply(answer);
                if (best == null || when.compareTo(bestTimestamp) > 0) {
                    if (best != null) {
                        best.close();
                    }
                    best = answer;
                    bestTimestamp = when;
                } else {
                    answer.close();
                }
            } else if (answer.status() == 404 && notFound == null) {
                notFound = answer;
            } else {
                answer.close();
            }
        }
        if (best == null) {
            return notFound;
        }
        if (notFound != null) {
            notFound.close();
        }
        return best;
    }

    /**
     * The handoffs a write may use in place of failed primaries: as many as there are replicas (Swift's
     * request_node_count of twice the replicas), so a write that every node refuses ends after a few tries.
     */
    static java.util.Iterator<Device> writeHandoffs(Ring ring, int partition) {
        List<Device> handoffs = ring.handoffs(partition);
        return handoffs.subList(0, Math.min(ring.replicaCount(), handoffs.size())).iterator();
    }

    /**
     * Sends to every node at once; a node that does not answer, or answers 5xx (its device full,
     * missing or failing), is replaced by the next of {@code handoffs}, as Swift does.
     * @return the answers (null where neither the node nor a handoff answered), in node order
     */
    static List<Backend.Answer> all(Backend backend, List<Device> nodes, java.util.Iterator<Device> handoffs, String method,
                                    Function<Device, String> path, List<Map<String, String>> headersPerNode) {
        List<java.util.concurrent.CompletableFuture<Backend.Answer>> pending = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Device node = nodes.get(i);
            Map<String, String> headers = headersPerNode.get(Math.min(i, headersPerNode.size() - 1));
            pending.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> backend.send(node, method, path.apply(node), headers, false)));
        }
        List<Backend.Answer> answers = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Backend.Answer answer = pending.get(i).join();
            Map<String, String> headers = headersPerNode.get(Math.min(i, headersPerNode.size() - 1));
            while ((answer == null || answer.status() / 100 == 5) && handoffs.hasNext()) {
                if (answer != null) {
                    answer.close();
                }
                Device handoff = handoffs.next();
                answer = backend.send(handoff, method, path.apply(handoff), headers, false);
            }
            answers.add(answer);
        }
        return answers;
    }

    /** Swift's quorum: more than half of the replicas. */
    static int quorum(int replicas) {
        return replicas / 2 + 1;
    }

    /** The status a write answers with: the status a quorum agrees on, else 503. */
    static int quorumStatus(List<Backend.Answer> answers, int replicas) {
        Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (Backend.Answer answer : answers) {
            if (answer != null) {
                int klass = answer.status() / 100 == 2 ? 200 : answer.status();
                counts.merge(klass, 1, Integer::sum);
            }
        }
        int needed = quorum(replicas);
        if (counts.getOrDefault(200, 0) >= needed) {
            for (Backend.Answer answer : answers) {
                if (answer != null && answer.isSuccess()) {
                    return answer.status();
                }
            }
        }
        for (Map.Entry<Integer, Integer> entry : counts.entrySet()) {
            if (entry.getKey() != 200 && entry.getValue() >= needed) {
                return entry.getKey();
            }
        }
        return 503;
    }
}
