package io.stratus.common.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/** Handles one message; the returned value is the reply to a call (ignored for casts and fanouts). */
@FunctionalInterface
public interface RpcHandler {
    JsonNode handle(RpcMessage message) throws Exception;
}
