package io.stratus.common.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Serves a durable queue: each message is handled, its reply (for a call) sent, and only then acked,
 * so a server that dies mid-work leaves the message to be redelivered. A message id seen before is
 * not handled again: a duplicate call gets the remembered reply, a duplicate cast is just acked.
 * A failing cast is rejected without requeue (it would fail again); a failing call gets an error reply.
 */
public final class RpcServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RpcServer.class);
    private static final int REMEMBERED_IDS = 10_000;
    private static final JsonNode NO_REPLY = RpcConnection.JSON.nullNode();

    private final Channel channel;
    private final RpcHandler handler;
    private final Map<String, JsonNode> handled = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonNode> eldest) {
            return size() > REMEMBERED_IDS;
        }
    });

    RpcServer(RpcConnection rpc, String exchange, String queue, String routingKey, int prefetch, RpcHandler handler) {
        this.handler = handler;
        try {
            rpc.declare(exchange, BuiltinExchangeType.TOPIC);
            channel = rpc.connection().createChannel();
            channel.queueDeclare(queue, true, false, false, null);
            channel.queueBind(queue, exchange, routingKey);
            channel.basicQos(prefetch);
            channel.basicConsume(queue, false, (tag, delivery) -> onDelivery(delivery), tag -> { });
        } catch (IOException e) {
            throw new RpcException("cannot serve queue " + queue + ": " + e.getMessage(), e);
        }
    }

    static RpcMessage toMessage(Delivery delivery) {
        AMQP.BasicProperties properties = delivery.getProperties();
        JsonNode payload;
        try {
            payload = RpcConnection.JSON.readTree(delivery.getBody());
        } catch (IOException e) {
            payload = RpcConnection.JSON.nullNode();
        }
        return new RpcMessage(properties.getMessageId(), delivery.getEnvelope().getRoutingKey(), payload,
                ContextHeaders.decode(properties.getHeaders()), delivery.getEnvelope().isRedeliver());
    }

    private void onDelivery(Delivery delivery) throws IOException {
        long tag = delivery.getEnvelope().getDeliveryTag();
        RpcMessage message = toMessage(delivery);
        String replyTo = delivery.getProperties().getReplyTo();
        MDC.put("request_id", message.context().requestId() == null ? "-" : message.context().requestId());
        try {
            JsonNode remembered = message.messageId() == null ? null : handled.get(message.messageId());
            if (remembered != null) {
                LOG.debugf("message %s already handled: not running it again", message.messageId());
                reply(delivery, replyTo, remembered == NO_REPLY ? null : remembered, null);
                channel.basicAck(tag, false);
                return;
            }
            JsonNode result;
            try {
                result = handler.handle(message);
            } catch (Exception e) {
                LOG.errorf(e, "handler failed for message %s (%s)", message.messageId(), message.routingKey());
                if (replyTo != null) {
                    reply(delivery, replyTo, null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                    channel.basicAck(tag, false);
                } else {
                    channel.basicReject(tag, false);
                }
                return;
            }
            if (message.messageId() != null) {
                handled.put(message.messageId(), result == null ? NO_REPLY : result);
            }
            reply(delivery, replyTo, result, null);
            channel.basicAck(tag, false);
        } finally {
            MDC.remove("request_id");
        }
    }

    private void reply(Delivery delivery, String replyTo, JsonNode result, String error) throws IOException {
        if (replyTo == null) {
            return;
        }
        AMQP.BasicProperties.Builder properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                .correlationId(delivery.getProperties().getCorrelationId());
        if (error != null) {
            properties.headers(Map.of(RpcConnection.ERROR_HEADER, error));
        }
        byte[] body = RpcConnection.JSON.writeValueAsBytes(result == null ? RpcConnection.JSON.nullNode() : result);
        synchronized (channel) {
            channel.basicPublish("", replyTo, properties.build(), body);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException | java.util.concurrent.TimeoutException | com.rabbitmq.client.AlreadyClosedException e) {
            LOG.debugf("closing server channel: %s", e.getMessage());
        }
    }
}
