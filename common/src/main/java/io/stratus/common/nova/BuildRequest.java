package io.stratus.common.nova;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A server to place and build, as nova-api casts it to the scheduler and the scheduler passes it on to
 * the chosen host (Nova's request spec and build arguments in one). It carries the API's view the
 * scheduler filters on, since no daemon reads another's tables: hosts an operator disabled, each host's
 * aggregate metadata (its availability zone among it), the server group. A host that fails the build
 * sends it back to the scheduler with {@link #retry}; {@link #MAX_ATTEMPTS} tries in all.
 */
public record BuildRequest(String instanceUuid, String projectId, String name, int vcpus, int memoryMb, int rootGb, int ephemeralGb,
                           int swapMb, Map<String, String> flavorExtraSpecs, String imageId, String imageChecksum, long imageSize,
                           Map<String, String> imageProperties, String keyData, String userData, String authToken,
                           String availabilityZone, String groupId, String groupPolicy, List<String> disabledHosts,
                           Map<String, Map<String, String>> hostAggregateMetadata, int attempt, List<String> triedHosts) {

    public static final int MAX_ATTEMPTS = 3;

    public BuildRequest {
        flavorExtraSpecs = flavorExtraSpecs == null ? Map.of() : flavorExtraSpecs;
        imageProperties = imageProperties == null ? Map.of() : imageProperties;
        disabledHosts = disabledHosts == null ? List.of() : disabledHosts;
        hostAggregateMetadata = hostAggregateMetadata == null ? Map.of() : hostAggregateMetadata;
        triedHosts = triedHosts == null ? List.of() : triedHosts;
    }

    /** Disk the host gives the server, in GiB. */
    public int diskGb() {
        return rootGb + ephemeralGb + (swapMb + 1023) / 1024;
    }

    public boolean mayRetry() {
        return attempt < MAX_ATTEMPTS;
    }

    /** The same request after {@code failedHost} could not build it. */
    public BuildRequest retry(String failedHost) {
        List<String> tried = new ArrayList<>(triedHosts);
        tried.add(failedHost);
        return new BuildRequest(instanceUuid, projectId, name, vcpus, memoryMb, rootGb, ephemeralGb, swapMb, flavorExtraSpecs, imageId,
                imageChecksum, imageSize, imageProperties, keyData, userData, authToken, availabilityZone, groupId, groupPolicy,
                disabledHosts, hostAggregateMetadata, attempt + 1, tried);
    }
}
