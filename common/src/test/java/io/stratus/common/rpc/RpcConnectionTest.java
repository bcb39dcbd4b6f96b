package io.stratus.common.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import io.stratus.common.context.RequestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** cast, call, fanout, redelivery and de-duplication against the real RabbitMQ on 127.0.0.1:5672. */
class RpcConnectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RequestContext context = new RequestContext("req-7d3c5d8e-1111-2222-3333-444455556666", "user-1", "alice", "default",
            "project-1", "demo", "default", null, false, Set.of("member", "reader"), "audit-1", null, Instant.parse("2030-01-01T00:00:00Z"));
    private String exchange;
    private RpcConnection rpc;
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

    @BeforeEach
    void connect() {
        exchange = "test-" + UUID.randomUUID();
        rpc = open();
    }

    private RpcConnection open() {
        RpcConnection connection = new RpcConnection("127.0.0.1", 5672, "guest", "guest");
        closeables.add(connection);
        return connection;
    }

    @AfterEach
    void cleanUp() throws Exception {
        try (Channel channel = rpc.connection().createChannel()) {
            channel.exchangeDelete(exchange);
            channel.queueDelete(exchange + ".work");
        }
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void castArrivesWithItsContext() throws Exception {
        BlockingQueue<RpcMessage> received = new ArrayBlockingQueue<>(1);
        closeables.add(rpc.serve(exchange, exchange + ".work", "compute.host1", 1, message -> {
            received.add(message);
            return null;
        }));
        rpc.cast(exchange, "compute.host1", json("{\"method\":\"reboot\",\"id\":7}"), context);
        RpcMessage message = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(message);
        assertEquals(7, message.payload().get("id").asInt());
        assertEquals(context, message.context());
        assertFalse(message.redelivered());
    }

    @Test
    void callGetsItsReply() throws Exception {
        closeables.add(rpc.serve(exchange, exchange + ".work", "scheduler", 4, message ->
                json("{\"host\":\"host-" + message.payload().get("n").asInt() * 2 + "\",\"for\":\"" + message.context().userName() + "\"}")));
        RpcConnection client = open();
        JsonNode reply = client.call(exchange, "scheduler", json("{\"n\":21}"), context, Duration.ofSeconds(10));
        assertEquals("host-42", reply.get("host").asText());
        assertEquals("alice", reply.get("for").asText());
    }

    @Test
    void callToNobodyTimesOutOnTime() {
        long started = System.nanoTime();
        RpcTimeoutException timeout = assertThrows(RpcTimeoutException.class,
                () -> rpc.call(exchange, "nobody.serves.this", json("{}"), context, Duration.ofMillis(500)));
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(elapsedMillis >= 450 && elapsedMillis < 5_000, "took " + elapsedMillis + " ms");
        assertTrue(timeout.getMessage().contains("nobody.serves.this"), timeout.getMessage());
    }

    @Test
    void remoteFailureComesBackAsAnError() {
        closeables.add(rpc.serve(exchange, exchange + ".work", "volume", 1, message -> {
            throw new IllegalStateException("disk on fire");
        }));
        RpcRemoteException error = assertThrows(RpcRemoteException.class,
                () -> rpc.call(exchange, "volume", json("{}"), context, Duration.ofSeconds(10)));
        assertEquals("disk on fire", error.getMessage());
    }

    @Test
    void messageOfAConsumerThatDiesBeforeAckIsRedelivered() throws Exception {
        RpcConnection doomed = open();
        BlockingQueue<String> doomedSaw = new ArrayBlockingQueue<>(1);
        doomed.serve(exchange, exchange + ".work", "work", 1, message -> {
            doomedSaw.add(message.messageId());
            doomed.close(); // dies mid-work: the ack never goes out
            Thread.sleep(200);
            return null;
        });
        rpc.cast(exchange, "work", json("{\"job\":1}"), context);
        String firstId = doomedSaw.poll(10, TimeUnit.SECONDS);
        assertNotNull(firstId);

        BlockingQueue<RpcMessage> survivor = new ArrayBlockingQueue<>(1);
        closeables.add(open().serve(exchange, exchange + ".work", "work", 1, message -> {
            survivor.add(message);
            return null;
        }));
        RpcMessage again = survivor.poll(10, TimeUnit.SECONDS);
        assertNotNull(again, "the unacked message was not redelivered");
        assertEquals(firstId, again.messageId());
        assertTrue(again.redelivered());
        assertEquals(1, again.payload().get("job").asInt());
    }

    @Test
    void duplicateDeliveryIsHandledOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        BlockingQueue<String> seen = new ArrayBlockingQueue<>(4);
        closeables.add(rpc.serve(exchange, exchange + ".work", "once", 1, message -> {
            runs.incrementAndGet();
            seen.add(message.messageId());
            return null;
        }));
        String id = UUID.randomUUID().toString();
        rpc.publishConfirmed(exchange, BuiltinExchangeType.TOPIC, "once", json("{\"x\":1}"), context, id, null);
        rpc.publishConfirmed(exchange, BuiltinExchangeType.TOPIC, "once", json("{\"x\":1}"), context, id, null);
        rpc.cast(exchange, "once", json("{\"x\":2}"), context); // a different message still runs
        assertNotNull(seen.poll(10, TimeUnit.SECONDS));
        assertNotNull(seen.poll(10, TimeUnit.SECONDS));
        Thread.sleep(500);
        assertEquals(2, runs.get());
    }

    @Test
    void fanoutReachesEverySubscriber() throws Exception {
        BlockingQueue<String> first = new ArrayBlockingQueue<>(1);
        BlockingQueue<String> second = new ArrayBlockingQueue<>(1);
        rpc.subscribe(exchange, message -> first.add(message.payload().get("audit_id").asText()));
        RpcConnection other = open();
        other.subscribe(exchange, message -> second.add(message.payload().get("audit_id").asText() + "/" + message.context().requestId()));
        rpc.fanout(exchange, json("{\"audit_id\":\"abc\"}"), context);
        assertEquals("abc", first.poll(10, TimeUnit.SECONDS));
        assertEquals("abc/" + context.requestId(), second.poll(10, TimeUnit.SECONDS));
    }
}
