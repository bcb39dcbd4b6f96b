package io.stratus.common.rpc;

/** The remote handler of a call failed; the message is the one it reported. */
public class RpcRemoteException extends RpcException {
    public RpcRemoteException(String message) {
        super(message);
    }
}
