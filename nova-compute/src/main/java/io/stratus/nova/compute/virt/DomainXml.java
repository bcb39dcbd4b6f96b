package io.stratus.nova.compute.virt;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The libvirt domain of an instance, from its flavor (vCPUs, memory) and its image's properties:
 * `architecture`, `hw_machine_type`, `hw_disk_bus` (virtio, scsi, sata, ide; the disk is vda, sda or hda
 * accordingly); a kernel, ramdisk and command line when the image boots that way. The serial console
 * goes to a file, which `os-getConsoleOutput` reads. Property values libvirt would not know are refused
 * here, before anything is defined.
 */
public final class DomainXml {

    private static final Map<String, String> DISK_PREFIX = Map.of("virtio", "vd", "scsi", "sd", "sata", "sd", "ide", "hd");
    private static final Set<String> ARCHITECTURES = Set.of("x86_64", "i686", "aarch64", "ppc64le", "s390x");

    private DomainXml() {
    }

    /** @param domainType libvirt's domain type: qemu (software emulation), kvm, or test */
    public static String of(InstanceSpec spec, Path rootDisk, Path consoleLog, String domainType) {
        Map<String, String> properties = spec.imageProperties();
        String bus = properties.getOrDefault("hw_disk_bus", "virtio");
        if (!DISK_PREFIX.containsKey(bus)) {
            throw new VirtException("Image property hw_disk_bus=" + bus + " is not one of " + DISK_PREFIX.keySet());
        }
        String arch = properties.getOrDefault("architecture", "x86_64");
        if (!ARCHITECTURES.contains(arch)) {
            throw new VirtException("Image property architecture=" + arch + " is not one of " + ARCHITECTURES);
        }
        String machine = properties.get("hw_machine_type");
        if (machine != null && !machine.matches("[a-zA-Z0-9._-]{1,64}")) {
            throw new VirtException("Image property hw_machine_type=" + machine + " is not a machine type");
        }
        return "<domain type='" + escape(domainType) + "'>\n"
                + "  <name>" + escape(spec.domainName()) + "</name>\n"
                + "  <uuid>" + escape(spec.uuid()) + "</uuid>\n"
                + "  <memory unit='MiB'>" + spec.memoryMb() + "</memory>\n"
                + "  <vcpu>" + spec.vcpus() + "</vcpu>\n"
                + "  <os>\n"
                + "    <type arch='" + arch + "'" + (machine == null ? "" : " machine='" + machine + "'") + ">hvm</type>\n"
                + boot(spec)
                + "  </os>\n"
                + "  <features><acpi/><apic/></features>\n"
                + "  <clock offset='utc'/>\n"
                + "  <on_poweroff>destroy</on_poweroff>\n"
                + "  <on_reboot>restart</on_reboot>\n"
                + "  <on_crash>destroy</on_crash>\n"
                + "  <devices>\n"
                + "    <disk type='file' device='disk'>\n"
                + "      <driver name='qemu' type='qcow2' cache='none'/>\n"
                + "      <source file='" + escape(rootDisk.toAbsolutePath().toString()) + "'/>\n"
                + "      <target dev='" + DISK_PREFIX.get(bus) + "a' bus='" + bus + "'/>\n"
                + "    </disk>\n"
                + "    <serial type='file'>\n"
                + "      <source path='" + escape(consoleLog.toAbsolutePath().toString()) + "'/>\n"
                + "      <target port='0'/>\n"
                + "    </serial>\n"
                + "  </devices>\n"
                + "</domain>\n";
    }

    /** The disk, or the kernel (with its ramdisk and command line) when the image names one. */
    private static String boot(InstanceSpec spec) {
        if (spec.kernel() == null) {
            return "    <boot dev='hd'/>\n";
        }
        return "    <kernel>" + escape(spec.kernel().toAbsolutePath().toString()) + "</kernel>\n"
                + (spec.ramdisk() == null ? "" : "    <initrd>" + escape(spec.ramdisk().toAbsolutePath().toString()) + "</initrd>\n")
                + "    <cmdline>" + escape(spec.commandLine()) + "</cmdline>\n";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;").replace("\"", "&quot;");
    }
}
