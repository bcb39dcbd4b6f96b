package io.stratus.nova.compute.virt;

/** An instance's power state as Nova reports it (`OS-EXT-STS:power_state`): the codes are Nova's. */
public enum PowerState {
    NOSTATE(0), RUNNING(1), PAUSED(3), SHUTDOWN(4), CRASHED(6), SUSPENDED(7);

    private final int code;

    PowerState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
