package io.stratus.nova.api.repo;

/** The API's `status` of a server, from its vm and task states, as Nova derives it. */
public final class ServerStatus {

    private ServerStatus() {
    }

    public static String of(Instance instance) {
        return of(instance.vmState(), instance.taskState());
    }

    public static String of(String vmState, String taskState) {
        return switch (vmState) {
            case "active" -> taskState == null ? "ACTIVE" : switch (taskState) {
                case "rebooting", "reboot_pending", "reboot_started" -> "REBOOT";
                case "rebooting_hard", "reboot_pending_hard", "reboot_started_hard" -> "HARD_REBOOT";
                case "rebuilding", "rebuild_block_device_mapping", "rebuild_spawning" -> "REBUILD";
                case "resize_prep", "resize_migrating", "resize_migrated", "resize_finish" -> "RESIZE";
                default -> "ACTIVE";
            };
            case "building" -> "BUILD";
            case "stopped" -> taskState == null ? "SHUTOFF" : taskState.startsWith("rebuild") ? "REBUILD"
                    : taskState.startsWith("resize_") ? "RESIZE" : "SHUTOFF";
            case "paused" -> "PAUSED";
            case "suspended" -> "SUSPENDED";
            case "resized" -> "resize_reverting".equals(taskState) ? "REVERT_RESIZE" : "VERIFY_RESIZE";
            case "rescued" -> "RESCUE";
            case "shelved", "shelved_offloaded" -> "SHELVED";
            case "soft-delete" -> "SOFT_DELETED";
            case "deleted" -> "DELETED";
            case "error" -> "ERROR";
            default -> "UNKNOWN";
        };
    }
}
