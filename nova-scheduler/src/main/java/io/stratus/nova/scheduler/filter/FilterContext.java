package io.stratus.nova.scheduler.filter;

import io.stratus.nova.scheduler.repo.Ratios;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the filters judge by besides the host and the request: the time, the ratios, the hosts of the server's group. */
public record FilterContext(Instant now, Duration serviceDownTime, Ratios ratios, List<String> groupHosts) {
}
