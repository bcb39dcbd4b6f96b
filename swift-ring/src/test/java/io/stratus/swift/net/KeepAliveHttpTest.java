package io.stratus.swift.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Request bodies arrive whole and in order however they were written: stream pieces, direct pieces, sized or chunked. */
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
}
