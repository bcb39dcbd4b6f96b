package io.stratus.common.nova;

/**
 * Where Nova's daemons send each other work, on the topic exchange {@link #EXCHANGE}: the scheduler's
 * queue, one queue per compute host, and the conductor's queue, served by nova-api (the only daemon
 * that owns the servers' rows), where compute hosts and schedulers report what became of a server.
 */
public final class NovaTopics {

    public static final String EXCHANGE = "nova";
    public static final String SCHEDULER = "scheduler";
    public static final String CONDUCTOR = "conductor";

    private NovaTopics() {
    }

    public static String compute(String host) {
        return "compute." + host;
    }
}
