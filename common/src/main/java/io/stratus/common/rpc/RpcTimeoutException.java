package io.stratus.common.rpc;

import java.time.Duration;

/** No reply to a call came within its timeout. */
public class RpcTimeoutException extends RpcException {
    public RpcTimeoutException(String exchange, String routingKey, Duration timeout) {
        super("no reply from " + exchange + "/" + routingKey + " within " + timeout.toMillis() + " ms");
    }
}
