package io.stratus.common.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratus.common.context.RequestContext;

/** A message as a handler receives it. */
public record RpcMessage(String messageId, String routingKey, JsonNode payload, RequestContext context, boolean redelivered) {
}
