package io.stratus.swift.proxy.backend;

import io.stratus.swift.net.KeepAliveHttp;
import io.stratus.swift.ring.Device;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Streams one body to every replica at once: each chunk read from the client is written to all
 * open connections, so nothing buffers the object. A primary that cannot be reached is replaced by
 * the next handoff; one that fails mid-body is dropped. The write stands when a quorum answered 201
 * with the same ETag.
 */
public final class QuorumPutter {

    private static final int CHUNK = KeepAliveHttp.BUFFER;
    /** Pieces at least this large go to the replicas from one direct copy instead of three buffered ones. */
    private static final int DIRECT_WRITE_SIZE = 16 * 1024;
    private static final ThreadLocal<ByteBuffer> DIRECT = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CHUNK));

    /** Where one replica goes, with the headers of its own (its container update target). */
    public record Target(Device node, String path, Map<String, String> headers) {
    }

    /** What the replicas said. */
    public record Outcome(int successes, List<Integer> statuses, String etag, boolean clientFailed, boolean etagsDisagree) {
    }

    private static final class Replica {
        final KeepAliveHttp.Connection connection;
        boolean alive = true;

        Replica(KeepAliveHttp.Connection connection) {
            this.connection = connection;
        }

        void close() {
            alive = false;
            connection.close();
        }
    }

    private QuorumPutter() {
    }

    /**
     * @param targets one per replica, in order
     * @param handoffs where a replica goes when its target cannot be reached (its headers are kept)
     */
    public static Outcome put(List<Target> targets, Iterator<Device> handoffs, java.util.function.Function<Device, String> pathFor,
                              InputStream body, long contentLength, int quorum, Duration connTimeout, Duration nodeTimeout) {
        List<Replica> connections = new ArrayList<>();
        for (Target target : targets) {
            Replica replica = open(target, connTimeout, nodeTimeout, contentLength);
            while (replica == null && handoffs.hasNext()) {
                Device handoff = handoffs.next();
                replica = open(new Target(handoff, pathFor.apply(handoff), target.headers()), connTimeout, nodeTimeout, contentLength);
            }
            if (replica != null) {
                connections.add(replica);
            }
        }
        List<Integer> statuses = new ArrayList<>();
        if (connections.size() < quorum) {
            connections.forEach(Replica::close);
            return new Outcome(0, statuses, null, false, false);
        }
        byte[] buffer = new byte[CHUNK];
        long sent = 0;
        try {
            while (contentLength < 0 || sent < contentLength) {
                int want = contentLength < 0 ? buffer.length : (int) Math.min(buffer.length, contentLength - sent);
                int read = body.read(buffer, 0, want);
                if (read < 0) {
                    break;
                }
                sent += read;
                ByteBuffer direct = null;
                if (read >= DIRECT_WRITE_SIZE) {
                    direct = DIRECT.get().clear();
                    direct.put(buffer, 0, read).flip();
                }
                int alive = 0;
                for (Replica c : connections) {
                    if (c.alive) {
                        try {
                            if (direct != null) {
                                c.connection.write(direct);
                            } else {
                                c.connection.write(buffer, 0, read);
                            }
                            alive++;
                        } catch (IOException e) {
                            c.close();
                        }
                    }
                }
                if (alive < quorum) {
                    connections.forEach(Replica::close);
                    return new Outcome(0, statuses, null, false, false);
                }
            }
            if (contentLength >= 0 && sent < contentLength) {
                throw new IOException("client body ended early");
            }
        } catch (IOException e) {
            connections.forEach(Replica::close); // the storage nodes see a short body and keep nothing
            return new Outcome(0, statuses, null, true, false);
        }
        int successes = 0;
        String etag = null;
        boolean disagree = false;
        for (Replica c : connections) {
            if (c.alive) {
                try {
                    c.connection.finish();
                } catch (IOException e) {
                    c.close();
                }
            }
        }
        for (Replica c : connections) {
            if (!c.alive) {
                statuses.add(503);
                continue;
            }
            try {
                KeepAliveHttp.Answer answer = c.connection.readAnswer();
                int status = answer.status();
                statuses.add(status);
                if (status == 201) {
                    String replicaEtag = answer.header("etag");
                    if (etag == null) {
                        etag = replicaEtag;
                    } else if (replicaEtag != null && !replicaEtag.equals(etag)) {
                        disagree = true;
                    }
                    successes++;
                }
            } catch (IOException e) {
                statuses.add(503);
            }
        }
        return new Outcome(successes, statuses, etag, false, disagree);
    }

    private static Replica open(Target target, Duration connTimeout, Duration nodeTimeout, long contentLength) {
        try {
            return new Replica(KeepAliveHttp.open(target.node().ip(), target.node().port(), "PUT", target.path(), target.headers(),
                    contentLength, connTimeout, nodeTimeout));
        } catch (IOException e) {
            return null;
        }
    }
}
