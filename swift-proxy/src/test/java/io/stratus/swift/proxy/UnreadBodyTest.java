package io.stratus.swift.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A request refused before its body was read must not leave the client writing into a stalled connection (io.stratus.common.http.UnreadBodyGuard). */
@QuarkusTest
@QuarkusTestResource(value = StorageCluster.class, restrictToAnnotatedClass = false)
class UnreadBodyTest {

    @TestHTTPResource("/")
    URL server;

    @Test
    void anUploadRefusedBeforeItsBodyEndsClosesTheConnection() throws Exception {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(20_000);
            long declared = 256L << 20;
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /v1/AUTH_nobody/c/o HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                    + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread writer = new Thread(() -> { // as python-requests does: the whole body before reading anything
                byte[] chunk = new byte[1 << 20];
                try {
                    for (long sent = 0; sent < declared; sent += chunk.length) {
                        out.write(chunk);
                    }
                } catch (IOException expected) {
                    // the server closed the connection
                }
            });
            writer.start();

            String head = readHead(socket.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 401"), head);
            assertTrue(head.toLowerCase(Locale.ROOT).contains("connection: close"), head);
            assertTrue(reachesEnd(socket.getInputStream()), "the connection stayed open after the refusal");
            writer.join(20_000);
            assertFalse(writer.isAlive(), "the client is still writing into the connection");
        }
    }

    @Test
    void requestsWhoseBodiesWereReadKeepTheirConnection() throws Exception {
        String account = "/v1/AUTH_" + UUID.randomUUID().toString().replace("-", "");
        String token = TestTokens.token(account.substring("/v1/AUTH_".length()), "member");
        byte[] body = new byte[4096];
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(20_000);
            exchange(socket, "GET /info HTTP/1.1\r\nHost: x\r\n\r\n", new byte[0], "200");
            exchange(socket, "PUT " + account + "/c HTTP/1.1\r\nHost: x\r\nX-Auth-Token: " + token + "\r\nContent-Length: 0\r\n\r\n",
                    new byte[0], "201");
            for (int i = 0; i < 2; i++) {
                exchange(socket, "PUT " + account + "/c/o" + i + " HTTP/1.1\r\nHost: x\r\nX-Auth-Token: " + token
                        + "\r\nContent-Length: " + body.length + "\r\n\r\n", body, "201");
            }
            exchange(socket, "GET /info HTTP/1.1\r\nHost: x\r\n\r\n", new byte[0], "200");
        }
    }

    /** One request on a kept connection: its status, no `Connection: close`, its whole body read. */
    private static void exchange(Socket socket, String head, byte[] body, String status) throws IOException {
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(body);
        String answer = readHead(socket.getInputStream());
        assertTrue(answer.startsWith("HTTP/1.1 " + status), answer);
        String lower = answer.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("connection: close"), answer);
        int length = Integer.parseInt(lower.split("content-length: ")[1].split("\r\n")[0].trim());
        assertEquals(length, socket.getInputStream().readNBytes(length).length);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whether the server ends the connection (EOF or reset) rather than leaving it open until the timeout. */
    private static boolean reachesEnd(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        try {
            while (in.read(buffer) >= 0) {
                // the rest of the error body
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
