package io.stratus.common.nova;

/** Work for the scheduler: {@code schedule} a {@code build}, or {@code release} what a server held on its host. */
public record SchedulerRequest(String method, BuildRequest build, String instanceUuid) {

    public static SchedulerRequest schedule(BuildRequest build) {
        return new SchedulerRequest("schedule", build, build.instanceUuid());
    }

    public static SchedulerRequest release(String instanceUuid) {
        return new SchedulerRequest("release", null, instanceUuid);
    }
}
