package io.stratus.nova.api.repo;

import io.stratus.common.nova.ComputeReport;
import java.time.Instant;

/** A compute service and its hypervisor, as last reported. */
public record ComputeHost(int serviceId, int nodeId, String host, boolean disabled, String disabledReason, Instant lastSeenUp,
                          ComputeReport node) {
}
