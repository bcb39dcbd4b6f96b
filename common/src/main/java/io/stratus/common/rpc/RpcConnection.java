package io.stratus.common.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import com.rabbitmq.client.ShutdownSignalException;
import io.stratus.common.context.RequestContext;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * RPC over RabbitMQ in the oslo.messaging pattern: `cast` (durable, persistent, publisher-confirmed),
 * `call` (request/reply over direct reply-to, with a timeout) and fanout broadcasts. One connection
 * per process; publishing channels are guarded because AMQP channels are not thread-safe.
 */
public final class RpcConnection implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RpcConnection.class);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ERROR_HEADER = "x-stratus-error";
    private static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";
    private static final long CONFIRM_TIMEOUT_MILLIS = 10_000;
    /** How long a publish waits for a lost connection to come back (the client retries every 5 s). */
    private static final long RECOVERY_WAIT_MILLIS = 20_000;
    private static final long RECOVERY_POLL_MILLIS = 250;

    private final Connection connection;
    private final Channel publisher;
    private final Channel caller;
    private final Map<String, CompletableFuture<Reply>> pendingCalls = new ConcurrentHashMap<>();
    private final Map<String, Boolean> declaredExchanges = new ConcurrentHashMap<>();

    private record Reply(JsonNode payload, String error) {
    }

    public RpcConnection(String host, int port, String username, String password) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setConnectionTimeout(5_000);
        try {
            connection = factory.newConnection("stratus");
            publisher = connection.createChannel();
            publisher.confirmSelect();
            caller = connection.createChannel();
            caller.basicConsume(DIRECT_REPLY_TO, true, this::onReply, tag -> { });
        } catch (IOException | TimeoutException e) {
            throw new RpcException("cannot connect to RabbitMQ at " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    Connection connection() {
        return connection;
    }

    /** Fire and forget; returns once the broker has confirmed the message is stored. */
    public void cast(String exchange, String routingKey, JsonNode payload, RequestContext context) {
        publishConfirmed(exchange, BuiltinExchangeType.TOPIC, routingKey, payload, context, null, null);
    }

    /** Sends a request and waits for its reply. */
    public JsonNode call(String exchange, String routingKey, JsonNode payload, RequestContext context, Duration timeout) {
        declare(exchange, BuiltinExchangeType.TOPIC);
        String correlationId = UUID.randomUUID().toString();
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        pendingCalls.put(correlationId, reply);
        try {
            AMQP.BasicProperties properties = properties(context, correlationId, DIRECT_REPLY_TO, 1)
                    .expiration(Long.toString(Math.max(1, timeout.toMillis()))).build();
            synchronized (caller) {
                // direct reply-to requires the request to leave on the channel that consumes the replies
                caller.basicPublish(exchange, routingKey, true, properties, JSON.writeValueAsBytes(payload));
            }
            Reply answer = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (answer.error() != null) {
                throw new RpcRemoteException(answer.error());
            }
            return answer.payload();
        } catch (TimeoutException e) {
            throw new RpcTimeoutException(exchange, routingKey, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException("interrupted while waiting for " + exchange + "/" + routingKey, e);
        } catch (ExecutionException | IOException e) {
            throw new RpcException("call to " + exchange + "/" + routingKey + " failed: " + e.getMessage(), e);
        } finally {
            pendingCalls.remove(correlationId);
        }
    }

    /** Broadcasts to every subscriber of a fanout exchange. */
    public void fanout(String exchange, JsonNode payload, RequestContext context) {
        publishConfirmed(exchange, BuiltinExchangeType.FANOUT, "", payload, context, null, null);
    }

    /** Subscribes to a fanout with a queue of this process's own, gone when the process goes. */
    public void subscribe(String exchange, Consumer<RpcMessage> handler) {
        try {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, true);
            String queue = channel.queueDeclare("", false, true, true, null).getQueue();
            channel.queueBind(queue, exchange, "");
            DeliverCallback deliver = (tag, delivery) -> {
                try {
                    handler.accept(RpcServer.toMessage(delivery));
                } catch (RuntimeException e) {
                    LOG.errorf(e, "fanout handler for %s failed", exchange);
                }
            };
            channel.basicConsume(queue, true, deliver, tag -> { });
        } catch (IOException e) {
            throw new RpcException("cannot subscribe to " + exchange + ": " + e.getMessage(), e);
        }
    }

    /** Starts serving a durable queue bound to a topic exchange. */
    public RpcServer serve(String exchange, String queue, String routingKey, int prefetch, RpcHandler handler) {
        return new RpcServer(this, exchange, queue, routingKey, prefetch, handler);
    }

    void publishConfirmed(String exchange, BuiltinExchangeType type, String routingKey, JsonNode payload, RequestContext context,
                          String messageId, String correlationId) {
        declare(exchange, type);
        AMQP.BasicProperties properties = properties(context, correlationId, null, 2)
                .messageId(messageId == null ? UUID.randomUUID().toString() : messageId).build();
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new RpcException("cannot encode a message to " + exchange + "/" + routingKey + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECOVERY_WAIT_MILLIS);
        while (true) {
            try {
                synchronized (publisher) {
                    publisher.basicPublish(exchange, routingKey, properties, body);
                    publisher.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
                }
                return;
            } catch (IOException | ShutdownSignalException e) {
                // the broker restarted or the connection dropped: the client reconnects on its own, so wait for
                // that (a bounded while) and publish again rather than fail a request that can still go through
                if (System.nanoTime() > deadline) {
                    throw new RpcException("RabbitMQ did not take a message to " + exchange + "/" + routingKey + ": " + e.getMessage(), e);
                }
                LOG.debugf("publishing to %s/%s: %s; retrying once the connection is back", exchange, routingKey, e.getMessage());
                pause(RECOVERY_POLL_MILLIS);
            } catch (InterruptedException | TimeoutException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new RpcException("RabbitMQ did not confirm a message to " + exchange + "/" + routingKey + ": " + e.getMessage(), e);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException("interrupted while waiting for RabbitMQ", e);
        }
    }

    void declare(String exchange, BuiltinExchangeType type) {
        if (exchange.isEmpty() || declaredExchanges.containsKey(exchange)) {
            return;
        }
        try {
            synchronized (publisher) {
                publisher.exchangeDeclare(exchange, type, true);
            }
            declaredExchanges.put(exchange, Boolean.TRUE);
        } catch (IOException e) {
            throw new RpcException("cannot declare exchange " + exchange + ": " + e.getMessage(), e);
        }
    }

    static AMQP.BasicProperties.Builder properties(RequestContext context, String correlationId, String replyTo, int deliveryMode) {
        return new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(deliveryMode)
                .headers(ContextHeaders.encode(context)).correlationId(correlationId).replyTo(replyTo)
                .messageId(UUID.randomUUID().toString());
    }

    private void onReply(String tag, com.rabbitmq.client.Delivery delivery) {
        CompletableFuture<Reply> waiting = pendingCalls.get(delivery.getProperties().getCorrelationId());
        if (waiting == null) {
            return; // a reply after its call timed out
        }
        Map<String, Object> headers = delivery.getProperties().getHeaders();
        Object error = headers == null ? null : headers.get(ERROR_HEADER);
        try {
            waiting.complete(new Reply(error == null ? JSON.readTree(delivery.getBody()) : null, error == null ? null : error.toString()));
        } catch (IOException e) {
            waiting.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close(2_000);
        } catch (IOException | com.rabbitmq.client.AlreadyClosedException e) {
            LOG.debugf("closing RabbitMQ connection: %s", e.getMessage());
        }
    }
}
