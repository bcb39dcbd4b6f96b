package io.stratus.nova.api.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.common.context.RequestContext;
import io.stratus.common.nova.BuildRequest;
import io.stratus.common.nova.ComputeRequest;
import io.stratus.common.nova.NovaTopics;
import io.stratus.common.nova.SchedulerRequest;
import io.stratus.common.rpc.RpcConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/** What nova-api sends the scheduler and the compute hosts. */
@ApplicationScoped
public class NovaRpc {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    RpcConnection rpc;

    @Inject
    NovaTopics topics;

    public void schedule(BuildRequest build, RequestContext context) {
        rpc.cast(topics.exchange(), topics.scheduler(), JSON.valueToTree(SchedulerRequest.schedule(build)), context);
    }

    public void release(String instanceUuid, RequestContext context) {
        rpc.cast(topics.exchange(), topics.scheduler(), JSON.valueToTree(SchedulerRequest.release(instanceUuid)), context);
    }

    /** The server's new sizes (or, for a revert, its old ones) to be claimed on its host, and the host to apply them. */
    public void resize(BuildRequest build, String host, boolean revert, RequestContext context) {
        rpc.cast(topics.exchange(), topics.scheduler(), JSON.valueToTree(SchedulerRequest.resize(build, host, revert)), context);
    }

    public void compute(String host, ComputeRequest request, RequestContext context) {
        rpc.cast(topics.exchange(), topics.compute(host), JSON.valueToTree(request), context);
    }

    public JsonNode callCompute(String host, ComputeRequest request, RequestContext context) {
        return rpc.call(topics.exchange(), topics.compute(host), JSON.valueToTree(request), context, CALL_TIMEOUT);
    }
}
