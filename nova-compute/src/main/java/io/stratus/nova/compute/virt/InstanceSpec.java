package io.stratus.nova.compute.virt;

import java.util.Map;

/**
 * What a driver needs to build an instance: its id, the flavor's sizes and the image's properties
 * (hw_disk_bus, hw_machine_type, architecture, …, as Glance stores them).
 */
public record InstanceSpec(String uuid, int vcpus, int memoryMb, int rootGb, Map<String, String> imageProperties) {

    public InstanceSpec {
        imageProperties = imageProperties == null ? Map.of() : Map.copyOf(imageProperties);
    }

    /** The hypervisor's name for it, as Nova's instance_name_template would give ("instance-" and the uuid here). */
    public String domainName() {
        return "instance-" + uuid;
    }
}
