package io.stratus.nova.compute.virt;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a driver needs to build an instance: its id, the flavor's sizes and the image's properties
 * (hw_disk_bus, hw_machine_type, architecture, …, as Glance stores them); for an image booted the way
 * Nova boots one with kernel_id and ramdisk_id, the local kernel and ramdisk and the kernel's command line.
 */
public record InstanceSpec(String uuid, int vcpus, int memoryMb, int rootGb, Map<String, String> imageProperties, Path kernel,
                           Path ramdisk, String commandLine) {

    /** Nova's command line for a kernel booted directly, when the image gives none (os_command_line). */
    public static final String DEFAULT_COMMAND_LINE = "root=/dev/vda console=tty0 console=ttyS0";

    public InstanceSpec {
        imageProperties = imageProperties == null ? Map.of() : Map.copyOf(imageProperties);
        commandLine = commandLine == null ? DEFAULT_COMMAND_LINE : commandLine;
    }

    /** An instance booted from its disk. */
    public InstanceSpec(String uuid, int vcpus, int memoryMb, int rootGb, Map<String, String> imageProperties) {
        this(uuid, vcpus, memoryMb, rootGb, imageProperties, null, null, null);
    }

    /** The hypervisor's name for it, as Nova's instance_name_template would give ("instance-" and the uuid here). */
    public String domainName() {
        return "instance-" + uuid;
    }
}
