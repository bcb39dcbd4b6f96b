package io.stratus.common.nova;

/**
 * Work for one compute host, cast to its queue. {@code method} names it: build (with {@code build}),
 * delete, stop, start, reboot_soft, reboot_hard, pause, unpause, suspend, resume, snapshot (with
 * {@code imageId} and {@code authToken}); console_output is a call whose reply is {"output": ...}.
 */
public record ComputeRequest(String method, String instanceUuid, BuildRequest build, String imageId, String authToken) {

    public static ComputeRequest of(String method, String instanceUuid) {
        return new ComputeRequest(method, instanceUuid, null, null, null);
    }
}
