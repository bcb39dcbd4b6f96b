package io.stratus.nova.scheduler.filter;

import io.stratus.common.nova.BuildRequest;
import io.stratus.nova.scheduler.repo.HostState;

/** One of the filter scheduler's filters: whether a host may take the server. */
public interface HostFilter {

    String name();

    boolean passes(HostState host, BuildRequest request, FilterContext context);
}
