package io.stratus.common.nova;

/**
 * Where Nova's daemons send each other work, on the topic exchange {@link #exchange()}: the scheduler's
 * queue, one queue per compute host, and the conductor's queue, served by nova-api (the only daemon
 * that owns the servers' rows), where compute hosts and schedulers report what became of a server; and
 * the fanout the hosts report their resources on. Every name starts with {@code prefix} (`nova.rpc-prefix`,
 * empty in a deployment), so the tests' daemons never take a running stack's messages, nor it theirs.
 */
public record NovaTopics(String prefix) {

    public String exchange() {
        return prefix + "nova";
    }

    public String scheduler() {
        return prefix + "scheduler";
    }

    public String conductor() {
        return prefix + "conductor";
    }

    public String compute(String host) {
        return prefix + "compute." + host;
    }

    public String reports() {
        return prefix + ComputeReport.EXCHANGE;
    }
}
