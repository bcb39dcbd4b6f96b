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
 * Writes one body to every replica. The body's MD5 and CRC32C are computed here once and follow it as
 * a {@link BodyFooter}: the nodes check the CRC32C instead of each digesting MD5.
 * <p>
 * A replica whose node cannot be reached, or whose device is full, missing or failing (507, 5xx), goes
 * to the next handoff instead. A small body (up to {@link #SMALL_BODY}) is held here and sent again to
 * the handoff, so the common write costs no extra round trip. A larger one is streamed to every
 * replica at once, each chunk read from the client written to all open connections so that nothing
 * buffers the object; its requests ask "Expect: 100-continue", so a node refuses before any of the
 * body is sent, and a replica that fails mid-body is dropped. The write stands when a quorum answered
 * 201 with the same ETag.
 */
public final class QuorumPutter {

    private static final int CHUNK = Math.min(KeepAliveHttp.BUFFER, BodyDigest.MAX_PIECE);
    /** Bodies up to this size are read whole before any replica is written: one piece, one write per replica. */
    static final int SMALL_BODY = CHUNK;
    /** Pieces at least this large go to the replicas from the digest's native copy instead of three buffered ones. */
    private static final int DIRECT_WRITE_SIZE = 16 * 1024;
    private static final int CONTINUE = 100;
    private static final int UNREACHABLE = 503;

    /** Where one replica goes, with the headers of its own (its container update target). */
    public record Target(Device node, String path, Map<String, String> headers) {
    }

    /** What the replicas said. */
    public record Outcome(int successes, List<Integer> statuses, String etag, boolean clientFailed, boolean etagsDisagree) {
    }

    /** Where a replica is going, and the connection carrying it. */
    private static final class Replica {
        final Map<String, String> headers;
        Device node;
        String path;
        KeepAliveHttp.Connection connection;
        boolean alive = true;
        /** The last failure was a pooled connection the node had closed, not a slow node: worth one more try there. */
        boolean staleConnection;

        Replica(Target target, Map<String, String> headers) {
            this.node = target.node();
            this.path = target.path();
            this.headers = headers;
        }

        void moveTo(Device handoff, String handoffPath) {
            close();
            node = handoff;
            path = handoffPath;
        }

        void close() {
            alive = false;
            if (connection != null) {
                connection.close();
            }
        }
    }

    /** One write: the replicas, where the handoffs come from, and the timeouts. */
    private record Write(List<Replica> replicas, Iterator<Device> handoffs, java.util.function.Function<Device, String> pathFor,
                         long sentLength, Duration connTimeout, Duration nodeTimeout) {

        /** Opens a connection to the replica's node and writes the request head (buffered, not yet sent). */
        boolean open(Replica replica) {
            try {
                replica.connection = KeepAliveHttp.open(replica.node.ip(), replica.node.port(), "PUT", replica.path, replica.headers,
                        sentLength, connTimeout, nodeTimeout);
                replica.alive = true;
                replica.staleConnection = false;
                return true;
            } catch (IOException e) {
                replica.alive = false;
                return false;
            }
        }

        /** The replica goes to the next handoff. @return false when there is none left */
        boolean nextHandoff(Replica replica) {
            if (!handoffs.hasNext()) {
                return false;
            }
            Device handoff = handoffs.next();
            replica.moveTo(handoff, pathFor.apply(handoff));
            return true;
        }
    }

    private QuorumPutter() {
    }

    /**
     * @param targets one per replica, in order
     * @param handoffs where a replica goes when its target cannot take it (its headers are kept)
     */
    public static Outcome put(List<Target> targets, Iterator<Device> handoffs, java.util.function.Function<Device, String> pathFor,
                              InputStream body, long contentLength, int quorum, Duration connTimeout, Duration nodeTimeout) {
        boolean small = contentLength >= 0 && contentLength <= SMALL_BODY;
        List<Replica> replicas = new ArrayList<>();
        for (Target target : targets) {
            Map<String, String> headers = new LinkedHashMap<>(target.headers());
            headers.put(BodyFooter.HEADER, BodyFooter.FORMAT);
            if (!small) {
                headers.put("Expect", "100-continue");
            }
            replicas.add(new Replica(target, headers));
        }
        Write write = new Write(replicas, handoffs, pathFor, contentLength < 0 ? -1 : contentLength + BodyFooter.LENGTH,
                connTimeout, nodeTimeout);
        return small ? putSmall(write, body, (int) contentLength) : putStreamed(write, body, contentLength, quorum);
    }

    /** The whole body read first, written to every replica in one go, and written again to a handoff for a replica that refused it. */
    private static Outcome putSmall(Write write, InputStream body, int contentLength) {
        byte[] payload;
        try {
            payload = body.readNBytes(contentLength);
        } catch (IOException e) {
            return new Outcome(0, List.of(), null, true, false);
        }
        if (payload.length < contentLength) {
            return new Outcome(0, List.of(), null, true, false);
        }
        BodyDigest md5 = BodyDigest.md5();
        CRC32C crc = new CRC32C();
        crc.update(md5.digest(ByteBuffer.wrap(payload)));
        byte[] footer = BodyFooter.encode(md5.hex(), (int) crc.getValue());
        for (Replica replica : write.replicas()) {
            send(write, replica, payload, footer);
        }
        List<KeepAliveHttp.Answer> answers = new ArrayList<>();
        for (Replica replica : write.replicas()) {
            KeepAliveHttp.Answer answer = answerOf(replica);
            if (answer == null && replica.staleConnection) {
                send(write, replica, payload, footer); // the node closed this pooled connection while it sat idle
                answer = answerOf(replica);
            }
            while (refusedForItsNode(answer) && write.nextHandoff(replica)) {
                send(write, replica, payload, footer);
                answer = answerOf(replica);
            }
            answers.add(answer);
        }
        return tally(answers, List.of());
    }

    private static void send(Write write, Replica replica, byte[] payload, byte[] footer) {
        if (write.open(replica)) {
            try {
                replica.connection.write(payload, 0, payload.length);
                replica.connection.write(footer, 0, footer.length);
                replica.connection.finish();
            } catch (IOException e) {
                replica.staleConnection = replica.connection.reused();
                replica.close();
            }
        }
    }

    /** @return the node's answer, or null when there is none */
    private static KeepAliveHttp.Answer answerOf(Replica replica) {
        if (!replica.alive) {
            return null;
        }
        try {
            KeepAliveHttp.Answer answer = replica.connection.readAnswer();
            replica.connection = null; // read whole, it went back to the pool: no longer this replica's to close
            replica.alive = false;
            return answer;
        } catch (IOException e) {
            replica.staleConnection = replica.connection.reused() && !(e instanceof java.net.SocketTimeoutException);
            replica.close();
            return null;
        }
    }

    /** No answer, or the node's device is full, missing or failing: another node should take the replica. A 4xx is about the request. */
    private static boolean refusedForItsNode(KeepAliveHttp.Answer answer) {
        return answer == null || answer.status() / 100 == 5;
    }

    /** Every replica told "Expect: 100-continue" first; the body then streamed to all that accepted it. */
    private static Outcome putStreamed(Write write, InputStream body, long contentLength, int quorum) {
        for (Replica replica : write.replicas()) { // every head first, then every node's word
            if (write.open(replica)) {
                try {
                    replica.connection.flush();
                } catch (IOException e) {
                    // awaitContinue sees the connection is gone
                }
            }
        }
        List<Integer> refusals = new ArrayList<>();
        List<Replica> accepted = new ArrayList<>();
        for (Replica replica : write.replicas()) {
            int status = awaitContinue(write, replica);
            while (status != CONTINUE && status / 100 == 5 && write.nextHandoff(replica)) {
                status = write.open(replica) ? awaitContinue(write, replica) : UNREACHABLE;
            }
            if (status == CONTINUE) {
                accepted.add(replica);
            } else {
                replica.close();
                refusals.add(status);
            }
        }
        if (accepted.size() < quorum) {
            accepted.forEach(Replica::close);
            return new Outcome(0, refusals, null, false, false);
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
                boolean enough = read >= DIRECT_WRITE_SIZE ? sendToAll(accepted, digested, null, 0, quorum)
                        : sendToAll(accepted, null, buffer, read, quorum);
                if (!enough) {
                    return new Outcome(0, refusals, null, false, false);
                }
            }
            if (contentLength >= 0 && sent < contentLength) {
                throw new IOException("client body ended early");
            }
            byte[] footer = BodyFooter.encode(md5.hex(), (int) crc.getValue());
            if (!sendToAll(accepted, null, footer, footer.length, quorum)) {
                return new Outcome(0, refusals, null, false, false);
            }
        } catch (IOException e) {
            accepted.forEach(Replica::close); // the storage nodes see a short body and keep nothing
            return new Outcome(0, refusals, null, true, false);
        }
        for (Replica replica : accepted) {
            if (replica.alive) {
                try {
                    replica.connection.finish();
                } catch (IOException e) {
                    replica.close();
                }
            }
        }
        List<KeepAliveHttp.Answer> answers = new ArrayList<>();
        for (Replica replica : accepted) {
            answers.add(answerOf(replica));
        }
        return tally(answers, refusals);
    }

    /**
     * Waits for the replica's node to accept the body. A pooled connection the node closed while it
     * sat idle is replaced by a new one, once.
     * @return {@link #CONTINUE}, or the status that refused the body ({@link #UNREACHABLE} when the node did not answer)
     */
    private static int awaitContinue(Write write, Replica replica) {
        for (int attempt = 0; ; attempt++) {
            if (!replica.alive) {
                return UNREACHABLE;
            }
            try {
                KeepAliveHttp.Answer answer = replica.connection.awaitContinue();
                return answer == null ? CONTINUE : answer.status();
            } catch (IOException e) {
                replica.close();
                boolean stale = replica.connection.reused() && !(e instanceof java.net.SocketTimeoutException);
                if (attempt > 0 || !stale || !write.open(replica)) {
                    return UNREACHABLE;
                }
            }
        }
    }

    /** Successes are 201s; they must agree on the ETag. A replica with no answer counts as 503. */
    private static Outcome tally(List<KeepAliveHttp.Answer> answers, List<Integer> refusals) {
        List<Integer> statuses = new ArrayList<>(refusals);
        int successes = 0;
        String etag = null;
        boolean disagree = false;
        for (KeepAliveHttp.Answer answer : answers) {
            int status = answer == null ? UNREACHABLE : answer.status();
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
        }
        return new Outcome(successes, statuses, etag, false, disagree);
    }

    /**
     * The same bytes to every live replica: from native memory (one copy for all) or, for small pieces,
     * through each connection's buffer. A replica that fails is dropped.
     * @return false, every connection closed, when fewer than a quorum are left
     */
    private static boolean sendToAll(List<Replica> replicas, ByteBuffer direct, byte[] heap, int length, int quorum) {
        int alive = 0;
        for (Replica replica : replicas) {
            if (replica.alive) {
                try {
                    if (direct != null) {
                        replica.connection.write(direct);
                    } else {
                        replica.connection.write(heap, 0, length);
                    }
                    alive++;
                } catch (IOException e) {
                    replica.close();
                }
            }
        }
        if (alive < quorum) {
            replicas.forEach(Replica::close);
            return false;
        }
        return true;
    }
}
