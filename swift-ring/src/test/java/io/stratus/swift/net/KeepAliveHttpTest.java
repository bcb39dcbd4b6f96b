package io.stratus.swift.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Request bodies arrive whole and in order however they were written: stream pieces, direct pieces, sized or chunked;
 * a host that stops reading or answering costs the timeout, not a thread forever.
 */
class KeepAliveHttpTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static HttpServer echo;

    @BeforeAll
    static void startEcho() throws Exception {
        echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        echo.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String encoding = exchange.getRequestHeaders().getFirst("Transfer-Encoding");
            exchange.getResponseHeaders().add("X-Was-Chunked", Boolean.toString("chunked".equalsIgnoreCase(encoding)));
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        echo.start();
    }

    @AfterAll
    static void stopEcho() {
        echo.stop(0);
    }

    @Test
    void sizedAndChunkedBodiesMixingStreamAndDirectWrites() throws Exception {
        byte[] body = new byte[400_000];
        new Random(5).nextBytes(body);
        for (long declared : new long[] {body.length, -1}) {
            for (int round = 0; round < 2; round++) { // the second round reuses the kept-alive connection
                KeepAliveHttp.Connection connection = KeepAliveHttp.open("127.0.0.1", echo.getAddress().getPort(), "PUT", "/echo",
                        Map.of("X-Round", Integer.toString(round)), declared, TIMEOUT, TIMEOUT);
                ByteBuffer direct = ByteBuffer.allocateDirect(KeepAliveHttp.BUFFER);
                Random cuts = new Random(round);
                int at = 0;
                boolean viaDirect = false;
                while (at < body.length) {
                    int length = Math.min(body.length - at, 1 + cuts.nextInt(KeepAliveHttp.BUFFER));
                    if (viaDirect) {
                        direct.clear().put(body, at, length).flip();
                        connection.write(direct);
                        assertEquals(length, direct.remaining(), "the piece can be written again elsewhere");
                    } else {
                        connection.write(body, at, length);
                    }
                    viaDirect = !viaDirect;
                    at += length;
                }
                connection.finish();
                KeepAliveHttp.Answer answer = connection.readAnswer();
                assertEquals(200, answer.status());
                assertEquals(Boolean.toString(declared < 0), answer.header("x-was-chunked"));
                assertArrayEquals(body, answer.body(), "declared " + declared + ", round " + round);
            }
        }
    }

    @Test
    void smallBodiesThroughExchange() throws Exception {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write("hello".getBytes());
        KeepAliveHttp.Answer answer = KeepAliveHttp.exchange("127.0.0.1", echo.getAddress().getPort(), "POST", "/x", Map.of(),
                expected.toByteArray(), TIMEOUT, TIMEOUT);
        assertEquals(200, answer.status());
        assertArrayEquals(expected.toByteArray(), answer.body());
    }

    @Test
    void largeAnswersReadInPiecesLargerThanTheConnectionsBuffer() throws Exception {
        byte[] body = new byte[1_000_000];
        new Random(9).nextBytes(body);
        for (int pieceSize : new int[] {KeepAliveHttp.BUFFER, 1_000, 300_000}) {
            KeepAliveHttp.Streamed answer = KeepAliveHttp.request("127.0.0.1", echo.getAddress().getPort(), "PUT", "/big", Map.of(),
                    body, TIMEOUT, TIMEOUT);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] piece = new byte[pieceSize];
            try (InputStream in = answer.body()) {
                for (int read; (read = in.read(piece, 0, piece.length)) > 0; ) {
                    received.write(piece, 0, read);
                }
            }
            assertArrayEquals(body, received.toByteArray(), "read in pieces of " + pieceSize);
        }
    }

    @Test
    void aHostThatNeverAnswersCostsTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> acceptQuietly(silent));
            long start = System.nanoTime();
            IOException thrown = assertThrows(SocketTimeoutException.class, () -> KeepAliveHttp.exchange("127.0.0.1",
                    silent.getLocalPort(), "GET", "/x", Map.of(), null, TIMEOUT, Duration.ofMillis(300)));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis >= 290 && tookMillis < 4_000, "waited " + tookMillis + " ms: " + thrown.getMessage());
            accepted.get().close();
        }
    }

    @Test
    @Timeout(30) // without a write timeout the writes would wait forever
    void aHostThatStopsReadingCostsTheTimeoutToo() throws Exception {
        try (ServerSocket deaf = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> acceptQuietly(deaf));
            KeepAliveHttp.Connection connection = KeepAliveHttp.open("127.0.0.1", deaf.getLocalPort(), "PUT", "/x", Map.of(),
                    -1, TIMEOUT, Duration.ofMillis(300));
            byte[] piece = new byte[KeepAliveHttp.BUFFER];
            assertThrows(SocketTimeoutException.class, () -> {
                for (int i = 0; i < 100_000; i++) { // far more than the socket buffers hold
                    connection.write(piece, 0, piece.length);
                }
            });
            connection.close();
            accepted.get().close();
        }
    }

    @Test
    void headerLinesLongerThanTheFirstGuessAndSplitAcrossReads() throws Exception {
        String longValue = "v".repeat(9_000);
        try (ServerSocket slow = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket socket = slow.accept()) {
                    readRequestHead(socket.getInputStream());
                    OutputStream out = socket.getOutputStream();
                    byte[] answer = ("HTTP/1.1 200 OK\r\nX-Long: " + longValue + "\r\nContent-Length: 5\r\n\r\nhello")
                            .getBytes(StandardCharsets.US_ASCII);
                    for (int at = 0; at < answer.length; at += 1_000) { // in pieces, so lines end across reads
                        out.write(answer, at, Math.min(1_000, answer.length - at));
                        out.flush();
                        Thread.sleep(2);
                    }
                    socket.getInputStream().read(); // until the client closes
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            KeepAliveHttp.Answer answer = KeepAliveHttp.exchange("127.0.0.1", slow.getLocalPort(), "GET", "/x", Map.of(), null,
                    TIMEOUT, TIMEOUT);
            assertEquals(200, answer.status());
            assertEquals(longValue, answer.header("x-long"));
            assertEquals("hello", new String(answer.body(), StandardCharsets.US_ASCII));
            KeepAliveHttp.Connection connection = KeepAliveHttp.open("127.0.0.1", slow.getLocalPort(), "GET", "/y", Map.of(),
                    0, TIMEOUT, TIMEOUT);
            assertTrue(connection.reused(), "the answer was read whole, so its connection went back to the pool");
            connection.close();
            served.get();
        }
    }

    @Test
    void aPooledConnectionTheHostClosedIsReplaced() throws Exception {
        try (ServerSocket once = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 2; i++) {
                        try (Socket socket = once.accept()) { // answers one request per connection, then hangs up
                            readRequestHead(socket.getInputStream());
                            socket.getOutputStream().write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < 2; i++) {
                assertEquals(204, KeepAliveHttp.exchange("127.0.0.1", once.getLocalPort(), "DELETE", "/x", Map.of(), null,
                        TIMEOUT, TIMEOUT).status());
                Thread.sleep(50); // the host's close reaches this side
            }
            served.get();
        }
    }

    private static Socket acceptQuietly(ServerSocket server) {
        try {
            return server.accept();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("request cut short");
            }
            matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
        }
    }
}
