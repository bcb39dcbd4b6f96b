package io.stratus.swift.proxy.backend;

import io.stratus.swift.ring.Device;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams one body to every replica at once: each chunk read from the client is written to all
 * open connections, so nothing buffers the object. A primary that cannot be reached is replaced by
 * the next handoff; one that fails mid-body is dropped. The write stands when a quorum answered 201
 * with the same ETag.
 */
public final class QuorumPutter {

    private static final int CHUNK = 64 * 1024;

    /** Where one replica goes, with the headers of its own (its container update target). */
    public record Target(Device node, String path, Map<String, String> headers) {
    }

    /** What the replicas said. */
    public record Outcome(int successes, List<Integer> statuses, String etag, boolean clientFailed, boolean etagsDisagree) {
    }

    private static final class Connection {
        final Target target;
        final Socket socket;
        final OutputStream out;
        boolean alive = true;

        Connection(Target target, Socket socket) throws IOException {
            this.target = target;
            this.socket = socket;
            this.out = new BufferedOutputStream(socket.getOutputStream(), CHUNK + 32);
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
        List<Connection> connections = new ArrayList<>();
        for (Target target : targets) {
            Connection connection = open(target, connTimeout, nodeTimeout, contentLength);
            while (connection == null && handoffs.hasNext()) {
                Device handoff = handoffs.next();
                connection = open(new Target(handoff, pathFor.apply(handoff), target.headers()), connTimeout, nodeTimeout, contentLength);
            }
            if (connection != null) {
                connections.add(connection);
            }
        }
        List<Integer> statuses = new ArrayList<>();
        if (connections.size() < quorum) {
            connections.forEach(QuorumPutter::close);
            return new Outcome(0, statuses, null, false, false);
        }
        boolean chunked = contentLength < 0;
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
                int alive = 0;
                for (Connection c : connections) {
                    if (c.alive) {
                        try {
                            if (chunked) {
                                c.out.write((Integer.toHexString(read) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                            }
                            c.out.write(buffer, 0, read);
                            if (chunked) {
                                c.out.write('\r');
                                c.out.write('\n');
                            }
                            alive++;
                        } catch (IOException e) {
                            c.alive = false;
                            close(c);
                        }
                    }
                }
                if (alive < quorum) {
                    connections.forEach(QuorumPutter::close);
                    return new Outcome(0, statuses, null, false, false);
                }
            }
            if (contentLength >= 0 && sent < contentLength) {
                throw new IOException("client body ended early");
            }
        } catch (IOException e) {
            connections.forEach(QuorumPutter::close); // the storage nodes see a short body and keep nothing
            return new Outcome(0, statuses, null, true, false);
        }
        int successes = 0;
        String etag = null;
        boolean disagree = false;
        for (Connection c : connections) {
            if (!c.alive) {
                continue;
            }
            try {
                if (chunked) {
                    c.out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                c.out.flush();
                Map<String, String> headers = new LinkedHashMap<>();
                int status = readResponse(c.socket, headers);
                statuses.add(status);
                if (status == 201) {
                    String replicaEtag = headers.get("etag");
                    if (etag == null) {
                        etag = replicaEtag;
                    } else if (replicaEtag != null && !replicaEtag.equals(etag)) {
                        disagree = true;
                    }
                    successes++;
                }
            } catch (IOException e) {
                statuses.add(503);
            } finally {
                close(c);
            }
        }
        return new Outcome(successes, statuses, etag, false, disagree);
    }

    private static Connection open(Target target, Duration connTimeout, Duration nodeTimeout, long contentLength) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(target.node().ip(), target.node().port()), (int) connTimeout.toMillis());
            socket.setSoTimeout((int) nodeTimeout.toMillis());
            socket.setTcpNoDelay(true);
            Connection connection = new Connection(target, socket);
            StringBuilder head = new StringBuilder("PUT ").append(target.path()).append(" HTTP/1.1\r\nHost: ")
                    .append(target.node().ip()).append(':').append(target.node().port()).append("\r\n");
            target.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append(contentLength < 0 ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + contentLength + "\r\n");
            head.append("Connection: close\r\n\r\n");
            connection.out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            return connection;
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
            return null;
        }
    }

    /** Reads the status line and headers (names lower-cased). */
    private static int readResponse(Socket socket, Map<String, String> headers) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String status = readLine(in);
        if (status == null || !status.startsWith("HTTP/1.")) {
            throw new IOException("no HTTP answer");
        }
        String[] parts = status.split(" ", 3);
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
            }
        }
        return Integer.parseInt(parts[1]);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int length = line.length();
                return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1) : line.toString();
            }
            line.append((char) c);
            if (line.length() > 16_384) {
                throw new IOException("header line too long");
            }
        }
        return line.length() == 0 ? null : line.toString();
    }

    private static void close(Connection c) {
        c.alive = false;
        try {
            c.socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
