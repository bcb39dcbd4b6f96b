package io.stratus.common.nova;

/**
 * Work for the scheduler: {@code schedule} a {@code build}, {@code release} what a server held on its
 * host, or claim a server's new sizes on its own {@code host} before a {@code resize} (or
 * {@code revert_resize}) there.
 */
public record SchedulerRequest(String method, BuildRequest build, String instanceUuid, String host) {

    public static SchedulerRequest schedule(BuildRequest build) {
        return new SchedulerRequest("schedule", build, build.instanceUuid(), null);
    }

    public static SchedulerRequest release(String instanceUuid) {
        return new SchedulerRequest("release", null, instanceUuid, null);
    }

    /** @param revert whether the sizes are the ones the server had before a resize being reverted */
    public static SchedulerRequest resize(BuildRequest build, String host, boolean revert) {
        return new SchedulerRequest(revert ? "revert_resize" : "resize", build, build.instanceUuid(), host);
    }
}
