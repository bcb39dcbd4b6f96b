package io.stratus.common.nova;

import java.util.Map;

/**
 * What became of a server, cast to the conductor queue by the scheduler and the compute hosts. Each
 * sets absolute values, so one delivered twice does no harm; a state change applies only while the
 * server's task state is still {@code expectedTaskState} (the action it answers).
 * <ul>
 *   <li>{@code placed}: the scheduler claimed {@code host} for it (try {@code attempt});</li>
 *   <li>{@code state}: an action finished: {@code vmState}, {@code taskState}, {@code powerState};</li>
 *   <li>{@code failed}: an action failed with {@code fault}; a build that cannot go on sets {@code vmState} error;</li>
 *   <li>{@code finished}: the action named {@code action}, one that changes no state (an NMI), is done, with
 *       {@code fault} when it failed;</li>
 *   <li>{@code deleted}: the host has destroyed it;</li>
 *   <li>{@code power}: the host's periodic power-state sync, {@code powerStates} by server id as sampled at
 *       {@code sampledAt} (epoch milliseconds: a server changed since is left alone).</li>
 * </ul>
 */
public record InstanceEvent(String kind, String instanceUuid, String host, int attempt, String vmState, String taskState,
                            String expectedTaskState, Integer powerState, Fault fault, Map<String, Integer> powerStates,
                            long sampledAt, String action) {

    /** What the user reads in `server show` of a server that failed. */
    public record Fault(int code, String message, String details) {
    }

    public static InstanceEvent placed(String uuid, String host, int attempt) {
        return new InstanceEvent("placed", uuid, host, attempt, null, null, null, null, null, null, 0, null);
    }

    public static InstanceEvent state(String uuid, String host, String vmState, String taskState, String expectedTaskState, int powerState) {
        return new InstanceEvent("state", uuid, host, 0, vmState, taskState, expectedTaskState, powerState, null, null, 0, null);
    }

    /** {@code vmState} null leaves the vm state as it was and clears the task state. */
    public static InstanceEvent failed(String uuid, String host, String vmState, String expectedTaskState, Fault fault) {
        return new InstanceEvent("failed", uuid, host, 0, vmState, null, expectedTaskState, null, fault, null, 0, null);
    }

    /** @param fault null when the action succeeded */
    public static InstanceEvent finished(String uuid, String host, String action, Fault fault) {
        return new InstanceEvent("finished", uuid, host, 0, null, null, null, null, fault, null, 0, action);
    }

    public static InstanceEvent deleted(String uuid, String host) {
        return new InstanceEvent("deleted", uuid, host, 0, null, null, null, null, null, null, 0, null);
    }

    public static InstanceEvent power(String host, Map<String, Integer> powerStates, long sampledAt) {
        return new InstanceEvent("power", null, host, 0, null, null, null, null, null, powerStates, sampledAt, null);
    }
}
