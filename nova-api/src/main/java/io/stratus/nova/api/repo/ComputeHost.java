package io.stratus.nova.api.repo;

import io.stratus.common.nova.ComputeReport;
import java.time.Instant;

/** A compute service and its hypervisor, as last reported; {@code forcedDown} an operator's word that it is down, whatever it reports. */
public record ComputeHost(int serviceId, int nodeId, String host, boolean disabled, String disabledReason, boolean forcedDown,
                          Instant lastSeenUp, ComputeReport node) {
}
