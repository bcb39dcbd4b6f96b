package io.stratus.swift.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A small blocking HTTP/1.1 client for service-to-service requests on a trusted network, with
 * kept-alive connections per host. The caller's thread does the I/O: no selector thread, no
 * executor hand-offs, no thread created per request, which is what made the JDK's HttpClient cost
 * more CPU than the storage work behind a 4 KiB object PUT. Several requests can be in flight at
 * once on different connections: write them all with {@link #open}, then read each answer.
 * A connection goes back to the pool only after a whole answer of known length was read from it.
 *
 * <p>Each connection's socket stays non-blocking and has a selector of its own, used only to wait
 * (with the timeout) when the socket has nothing to read or no room to write: a host that stops
 * reading costs the timeout, as one that stops answering does. A read that finds data is one system
 * call, where the JDK's timed read on a blocking channel's socket switches its mode around every read.
 */
public final class KeepAliveHttp {

    /** Bytes buffered before a write reaches the socket; bodies are streamed in chunks of this size. */
    public static final int BUFFER = 64 * 1024;
    private static final long MAX_IDLE_NANOS = Duration.ofSeconds(20).toNanos();
    private static final int MAX_IDLE_PER_HOST = 128;
    private static final int MAX_LINE = 16_384;
    /** A connection's own read and write buffers (direct memory); larger pieces bypass them. */
    private static final int SOCKET_BUFFER = 16 * 1024;

    private static final ConcurrentHashMap<String, Deque<Connection>> IDLE = new ConcurrentHashMap<>();

    private KeepAliveHttp() {
    }

    /** An answer: status, headers (names as sent; looked up in any case) and, when read whole, the body. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        /** A header by its name in any case. */
        public String header(String name) {
            for (Map.Entry<String, String> entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue();
                }
            }
            return null;
        }
    }

    /** One connection to one host, writing one request and then reading its answer. */
    public static final class Connection {
        private final String hostPort;
        private final SocketChannel channel;
        private final Selector selector;
        private final SelectionKey key;
        /** Bytes read from the socket and not yet consumed (read mode). */
        private final ByteBuffer in = ByteBuffer.allocateDirect(SOCKET_BUFFER).flip();
        /** Bytes written and not yet sent (write mode). */
        private final ByteBuffer out = ByteBuffer.allocateDirect(SOCKET_BUFFER);
        private byte[] line = new byte[256];
        private long timeoutMillis;
        private boolean reused;
        private boolean keepAlive;
        private boolean noBody;
        private boolean chunked;
        private long idleSince;

        private Connection(String hostPort, SocketChannel channel, Duration timeout) throws IOException {
            this.hostPort = hostPort;
            this.channel = channel;
            this.timeoutMillis = Math.max(1, timeout.toMillis());
            channel.configureBlocking(false);
            this.selector = Selector.open();
            try {
                this.key = channel.register(selector, 0);
            } catch (IOException | RuntimeException e) {
                selector.close();
                throw e;
            }
        }

        /** Whether this connection served an earlier request (a node may have closed it meanwhile). */
        public boolean reused() {
            return reused;
        }

        /** Writes part of the body (as a chunk when the length was not given). */
        public void write(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return;
            }
            if (chunked) {
                put(Integer.toHexString(length) + "\r\n");
            }
            put(buffer, offset, length);
            if (chunked) {
                put("\r\n");
            }
        }

        /**
         * Writes part of the body from a direct buffer straight to the socket, without the copy a
         * byte-array write makes into direct memory; for large pieces, where that copy costs more than
         * the extra system call. The buffer's position does not move, so one buffer can be written to
         * several connections.
         */
        public void write(ByteBuffer piece) throws IOException {
            int length = piece.remaining();
            if (length == 0) {
                return;
            }
            if (chunked) {
                put(Integer.toHexString(length) + "\r\n");
            }
            flush(); // the request head (and chunk size) before the bytes
            send(piece.duplicate());
            if (chunked) {
                put("\r\n");
            }
        }

        /** Ends the request: the last chunk when chunked, and everything flushed to the socket. */
        public void finish() throws IOException {
            if (chunked) {
                put("0\r\n\r\n");
            }
            flush();
        }

        /**
         * For a request sent with "Expect: 100-continue": sends its head and waits for the node's word.
         * @return null when the node wants the body, else its final answer; the connection is then
         *         closed, since the body it refused was never sent
         */
        public Answer awaitContinue() throws IOException {
            Answer head;
            try {
                flush();
                head = readHead(false);
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
            if (head.status() == 100) {
                return null;
            }
            keepAlive = false;
            try (InputStream body = body(head)) {
                return new Answer(head.status(), head.headers(), body.readAllBytes());
            } finally {
                close();
            }
        }

        /** Sends what was written so far (a request head, before {@link #awaitContinue}). */
        public void flush() throws IOException {
            out.flip();
            try {
                send(out);
            } finally {
                out.clear();
            }
        }

        /** Reads the whole answer, after which the connection may serve the next request. */
        public Answer readAnswer() throws IOException {
            Answer head;
            try {
                head = readHead(false);
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
            try (InputStream body = body(head)) {
                return new Answer(head.status(), head.headers(), body.readAllBytes());
            }
        }

        /**
         * Reads the status line and headers; the body, if any, is then read from {@link #body}.
         * @param headRequest whether the request was a HEAD (its answer has no body whatever it says)
         */
        public Answer readHead(boolean headRequest) throws IOException {
            String status = readLine();
            if (status == null || !status.startsWith("HTTP/1.")) {
                throw new IOException("no HTTP answer from " + hostPort);
            }
            String[] parts = status.split(" ", 3);
            if (parts.length < 2) {
                throw new IOException("bad status line from " + hostPort);
            }
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            String line;
            while ((line = readLine()) != null && !line.isEmpty()) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
            int code = Integer.parseInt(parts[1].trim());
            keepAlive = status.startsWith("HTTP/1.1") && !"close".equalsIgnoreCase(headers.get("connection"));
            noBody = headRequest || code == 204 || code == 304 || code / 100 == 1;
            return new Answer(code, headers, null);
        }

        /**
         * The answer's body as a stream; reading it to its end puts the connection back in the pool,
         * closing it earlier closes the connection.
         */
        public InputStream body(Answer head) {
            if (noBody) {
                finishedBody();
                return InputStream.nullInputStream();
            }
            String length = head.header("content-length");
            if (length != null) {
                return new BoundedBody(Long.parseLong(length.trim()));
            }
            if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
                return new ChunkedBody();
            }
            keepAlive = false;
            return new BoundedBody(Long.MAX_VALUE);
        }

        private void finishedBody() {
            if (keepAlive) {
                release(this);
            } else {
                close();
            }
        }

        /** An answer's body: read to its end, it frees the connection; closed before, it ends it. */
        private abstract class AnswerBody extends InputStream {
            boolean done;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            /** The whole body was read: the connection can serve the next request. */
            void end() {
                if (!done) {
                    done = true;
                    finishedBody();
                }
            }

            @Override
            public void close() {
                if (!done) {
                    done = true;
                    Connection.this.close(); // not read to the end: the connection cannot serve another request
                }
            }
        }

        /** A body of known length (or up to the end of the connection). */
        private final class BoundedBody extends AnswerBody {
            private long left;

            BoundedBody(long length) {
                this.left = length;
                if (length == 0) {
                    end();
                }
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (done || left == 0) {
                    return -1;
                }
                int read = readInto(buffer, offset, (int) Math.min(length, left));
                if (read < 0) {
                    if (left != Long.MAX_VALUE) {
                        done = true;
                        Connection.this.close();
                        throw new IOException("answer from " + hostPort + " ended early");
                    }
                    keepAlive = false;
                    end();
                    return -1;
                }
                if (left != Long.MAX_VALUE) {
                    left -= read;
                    if (left == 0) {
                        end();
                    }
                }
                return read;
            }
        }

        /** A chunked body, decoded. */
        private final class ChunkedBody extends AnswerBody {
            private long chunkLeft;

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (done) {
                    return -1;
                }
                if (chunkLeft == 0) {
                    String size = readLine();
                    if (size == null) {
                        throw new IOException("chunked answer from " + hostPort + " ended early");
                    }
                    int semicolon = size.indexOf(';');
                    chunkLeft = Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
                    if (chunkLeft == 0) {
                        String trailer;
                        while ((trailer = readLine()) != null && !trailer.isEmpty()) {
                            // trailers are not used
                        }
                        end();
                        return -1;
                    }
                }
                int read = readInto(buffer, offset, (int) Math.min(length, chunkLeft));
                if (read < 0) {
                    throw new IOException("chunked answer from " + hostPort + " ended early");
                }
                chunkLeft -= read;
                if (chunkLeft == 0) {
                    readLine(); // the CRLF after the chunk
                }
                return read;
            }
        }

        public void close() {
            try {
                selector.close(); // first, so that the channel's close releases its socket at once
            } catch (IOException e) {
                // nothing more to release
            }
            try {
                channel.close();
            } catch (IOException e) {
                // already gone
            }
        }

        /** Whether a pooled connection is still usable: the host has neither closed it nor sent anything unasked. */
        private boolean stillOpen() {
            try {
                in.clear();
                int read = channel.read(in);
                in.flip();
                return read == 0;
            } catch (IOException e) {
                return false;
            }
        }

        private void put(String ascii) throws IOException {
            byte[] bytes = ascii.getBytes(StandardCharsets.US_ASCII);
            put(bytes, 0, bytes.length);
        }

        private void put(byte[] buffer, int offset, int length) throws IOException {
            if (length > out.remaining()) {
                flush();
                if (length >= out.capacity()) { // a large piece goes to the socket as it is
                    send(ByteBuffer.wrap(buffer, offset, length));
                    return;
                }
            }
            out.put(buffer, offset, length);
        }

        /** Writes all of the buffer's remaining bytes, waiting for room in the socket when it has none. */
        private void send(ByteBuffer data) throws IOException {
            while (data.hasRemaining()) {
                if (channel.write(data) == 0) {
                    await(SelectionKey.OP_WRITE, "no room to write to ");
                }
            }
        }

        /** Reads more from the socket into {@link #in}. @return the bytes read, or -1 at the end of the stream */
        private int fill() throws IOException {
            in.compact();
            try {
                return receive(in);
            } finally {
                in.flip();
            }
        }

        /** Reads what the socket has (waiting for something when it has nothing). @return the bytes read, or -1 at the end */
        private int receive(ByteBuffer into) throws IOException {
            while (true) {
                int read = channel.read(into);
                if (read != 0) {
                    return read;
                }
                await(SelectionKey.OP_READ, "no answer from ");
            }
        }

        /** Up to {@code length} bytes of the answer. @return how many, or -1 at the end of the stream */
        private int readInto(byte[] buffer, int offset, int length) throws IOException {
            if (!in.hasRemaining()) {
                if (length >= in.capacity()) { // a large read goes straight into the caller's array
                    return receive(ByteBuffer.wrap(buffer, offset, length));
                }
                if (fill() < 0) {
                    return -1;
                }
            }
            int piece = Math.min(length, in.remaining());
            in.get(buffer, offset, piece);
            return piece;
        }

        private String readLine() throws IOException {
            int length = 0;
            while (true) {
                if (!in.hasRemaining() && fill() < 0) {
                    return length == 0 ? null : new String(line, 0, length, StandardCharsets.ISO_8859_1);
                }
                byte c = in.get();
                if (c == '\n') {
                    if (length > 0 && line[length - 1] == '\r') {
                        length--;
                    }
                    return new String(line, 0, length, StandardCharsets.ISO_8859_1);
                }
                if (length == line.length) {
                    if (length >= MAX_LINE) {
                        throw new IOException("header line too long from " + hostPort);
                    }
                    line = Arrays.copyOf(line, length * 2);
                }
                line[length++] = c;
            }
        }

        /** Waits until the socket is ready for the operation, at most the timeout. */
        private void await(int operation, String what) throws IOException {
            key.interestOps(operation);
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException(what + hostPort + " within " + timeoutMillis + " ms");
                }
                int ready = selector.select(left);
                selector.selectedKeys().clear();
                if (ready > 0) {
                    return;
                }
                if (Thread.currentThread().isInterrupted()) {
                    close();
                    throw new InterruptedIOException("interrupted waiting on " + hostPort);
                }
            }
        }
    }

    /**
     * Opens (or takes from the pool) a connection and writes a request head.
     * @param contentLength the body's length, or -1 for a chunked body
     */
    public static Connection open(String host, int port, String method, String path, Map<String, String> headers,
                                  long contentLength, Duration connectTimeout, Duration readTimeout) throws IOException {
        Connection connection = take(host, port, connectTimeout, readTimeout);
        try {
            StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(host).append(':').append(port).append("\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (contentLength < 0) {
                head.append("Transfer-Encoding: chunked\r\n");
            } else {
                head.append("Content-Length: ").append(contentLength).append("\r\n");
            }
            head.append("\r\n");
            connection.chunked = contentLength < 0;
            byte[] bytes = head.toString().getBytes(StandardCharsets.UTF_8);
            connection.put(bytes, 0, bytes.length);
            return connection;
        } catch (IOException e) {
            connection.close();
            throw e;
        }
    }

    /** An answer's head with its body still to be read (reading it to the end frees the connection). */
    public record Streamed(Answer head, InputStream body) {
    }

    /**
     * Sends a request with a small body (or none) and reads the answer's head. A kept-alive connection
     * the host closed while it sat idle is replaced once; use this for requests that are safe to repeat.
     */
    public static Streamed request(String host, int port, String method, String path, Map<String, String> headers, byte[] body,
                                   Duration connectTimeout, Duration readTimeout) throws IOException {
        byte[] payload = body == null ? new byte[0] : body;
        for (int attempt = 0; ; attempt++) {
            Connection connection = open(host, port, method, path, headers, payload.length, connectTimeout, readTimeout);
            try {
                connection.write(payload, 0, payload.length);
                connection.finish();
                Answer head = connection.readHead(method.equals("HEAD"));
                return new Streamed(head, connection.body(head));
            } catch (IOException e) {
                connection.close();
                if (!connection.reused() || attempt > 0) {
                    throw e;
                }
            }
        }
    }

    /** {@link #request} with the whole body read. */
    public static Answer exchange(String host, int port, String method, String path, Map<String, String> headers, byte[] body,
                                  Duration connectTimeout, Duration readTimeout) throws IOException {
        Streamed answer = request(host, port, method, path, headers, body, connectTimeout, readTimeout);
        try (InputStream in = answer.body()) {
            return new Answer(answer.head().status(), answer.head().headers(), in.readAllBytes());
        }
    }

    private static Connection take(String host, int port, Duration connectTimeout, Duration readTimeout) throws IOException {
        String hostPort = host + ":" + port;
        Deque<Connection> idle = IDLE.get(hostPort);
        if (idle != null) {
            long now = System.nanoTime();
            for (Connection pooled; (pooled = idle.pollFirst()) != null; ) {
                if (now - pooled.idleSince < MAX_IDLE_NANOS && pooled.stillOpen()) {
                    pooled.timeoutMillis = Math.max(1, readTimeout.toMillis());
                    pooled.reused = true;
                    return pooled;
                }
                pooled.close();
            }
        }
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return new Connection(hostPort, channel, readTimeout);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private static void release(Connection connection) {
        Deque<Connection> idle = IDLE.computeIfAbsent(connection.hostPort, h -> new ConcurrentLinkedDeque<>());
        if (idle.size() >= MAX_IDLE_PER_HOST) {
            connection.close();
            return;
        }
        connection.keepAlive = false;
        connection.idleSince = System.nanoTime();
        idle.addFirst(connection); // most recently used first: the rest age out
    }

}
