package io.stratus.swift.proxy.backend;

import io.stratus.swift.digest.BodyDigest;
import io.stratus.swift.net.BodyFooter;
import io.stratus.swift.net.KeepAliveHttp;
import io.stratus.swift.ring.Device;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Streams one body to every replica at once: each chunk read from the client is written to all
 * open connections, so nothing buffers the object. The body's MD5 and CRC32C are computed here once
 * and follow it as a {@link BodyFooter}: the nodes check the CRC32C instead of each digesting MD5.
 * A primary that cannot be reached is replaced by the next handoff; one that fails mid-body is dropped. The write stands when a quorum answered 201
 * with the same ETag.
 */
public final class QuorumPutter {

    private static final int CHUNK = Math.min(KeepAliveHttp.BUFFER, BodyDigest.MAX_PIECE);
    /** Pieces at least this large go to the replicas from the digest's native copy instead of three buffered ones. */
    private static final int DIRECT_WRITE_SIZE = 16 * 1024;

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
        long sentLength = contentLength < 0 ? -1 : contentLength + BodyFooter.LENGTH;
        for (Target target : targets) {
            Map<String, String> headers = new LinkedHashMap<>(target.headers());
            headers.put(BodyFooter.HEADER, BodyFooter.FORMAT);
            Replica replica = open(target.node(), target.path(), headers, connTimeout, nodeTimeout, sentLength);
            while (replica == null && handoffs.hasNext()) {
                Device handoff = handoffs.next();
                replica = open(handoff, pathFor.apply(handoff), headers, connTimeout, nodeTimeout, sentLength);
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
        BodyDigest md5 = BodyDigest.md5();
        CRC32C crc = new CRC32C();
        long sent = 0;
        try {
            while (contentLength < 0 || sent < contentLength) {
                int want = contentLength < 0 ? buffer.length : (int) Math.min(buffer.length, contentLength - sent);
                int read = body.read(buffer, 0, want);
                if (read < 0) {
                    break;
                }
                sent += read;
                // all of it at once (CHUNK is at most one digest piece): the same bytes, in native memory when OpenSSL digests
                ByteBuffer digested = md5.digest(ByteBuffer.wrap(buffer, 0, read));
                crc.update(digested.duplicate());
                boolean enough = read >= DIRECT_WRITE_SIZE ? sendToAll(connections, digested, null, 0, quorum)
                        : sendToAll(connections, null, buffer, read, quorum);
                if (!enough) {
                    return new Outcome(0, statuses, null, false, false);
                }
            }
            if (contentLength >= 0 && sent < contentLength) {
                throw new IOException("client body ended early");
            }
            byte[] footer = BodyFooter.encode(md5.hex(), (int) crc.getValue());
            if (!sendToAll(connections, null, footer, footer.length, quorum)) {
                return new Outcome(0, statuses, null, false, false);
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

    /**
     * The same bytes to every live replica: from native memory (one copy for all) or, for small pieces,
     * through each connection's buffer. A replica that fails is dropped.
     * @return false, every connection closed, when fewer than a quorum are left
     */
    private static boolean sendToAll(List<Replica> connections, ByteBuffer direct, byte[] heap, int length, int quorum) {
        int alive = 0;
        for (Replica c : connections) {
            if (c.alive) {
                try {
                    if (direct != null) {
                        c.connection.write(direct);
                    } else {
                        c.connection.write(heap, 0, length);
                    }
                    alive++;
                } catch (IOException e) {
                    c.close();
                }
            }
        }
        if (alive < quorum) {
            connections.forEach(Replica::close);
            return false;
        }
        return true;
    }

    private static Replica open(Device node, String path, Map<String, String> headers, Duration connTimeout, Duration nodeTimeout,
                                long contentLength) {
        try {
            return new Replica(KeepAliveHttp.open(node.ip(), node.port(), "PUT", path, headers, contentLength, connTimeout, nodeTimeout));
        } catch (IOException e) {
            return null;
        }
    }
}
