package io.stratus.nova.compute.virt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class DomainXmlTest {

    private static String at(Document xml, String path) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(path, xml);
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theFlavorAndTheImagePropertiesShapeTheDomain() throws Exception {
        InstanceSpec spec = new InstanceSpec("0f9b1a5e-3c1d-4c1e-9a52-6c8f2f0b7e11", 4, 2048, 20,
                Map.of("hw_disk_bus", "scsi", "hw_machine_type", "q35", "architecture", "x86_64"));
        Document xml = parse(DomainXml.of(spec, Path.of("/srv/instances/it's <here>/disk"), Path.of("/srv/c.log"), "qemu"));
        assertEquals("qemu", at(xml, "/domain/@type"));
        assertEquals("instance-0f9b1a5e-3c1d-4c1e-9a52-6c8f2f0b7e11", at(xml, "/domain/name"));
        assertEquals("0f9b1a5e-3c1d-4c1e-9a52-6c8f2f0b7e11", at(xml, "/domain/uuid"));
        assertEquals("2048", at(xml, "/domain/memory"));
        assertEquals("MiB", at(xml, "/domain/memory/@unit"));
        assertEquals("4", at(xml, "/domain/vcpu"));
        assertEquals("q35", at(xml, "/domain/os/type/@machine"));
        assertEquals("sda", at(xml, "/domain/devices/disk/target/@dev"));
        assertEquals("scsi", at(xml, "/domain/devices/disk/target/@bus"));
        assertEquals("/srv/instances/it's <here>/disk", at(xml, "/domain/devices/disk/source/@file")); // escaped, read back whole
        assertEquals("/srv/c.log", at(xml, "/domain/devices/serial/source/@path"));
    }

    @Test
    void virtioIsTheDefaultBus() throws Exception {
        Document xml = parse(DomainXml.of(new InstanceSpec("u", 1, 64, 1, Map.of()), Path.of("/d"), Path.of("/c"), "kvm"));
        assertEquals("vda", at(xml, "/domain/devices/disk/target/@dev"));
        assertEquals("x86_64", at(xml, "/domain/os/type/@arch"));
        assertEquals("", at(xml, "/domain/os/type/@machine"));
    }

    @Test
    void aKernelImageIsBootedDirectlyWithItsRamdiskAndCommandLine() throws Exception {
        Document disk = parse(DomainXml.of(new InstanceSpec("u", 1, 64, 1, Map.of()), Path.of("/d"), Path.of("/c"), "qemu"));
        assertEquals("hd", at(disk, "/domain/os/boot/@dev"));
        assertEquals("", at(disk, "/domain/os/kernel"));
        InstanceSpec spec = new InstanceSpec("u", 1, 64, 1, Map.of(), Path.of("/cache/k"), Path.of("/cache/r"), "console=ttyS0 hold=60");
        Document kernel = parse(DomainXml.of(spec, Path.of("/d"), Path.of("/c"), "qemu"));
        assertEquals("/cache/k", at(kernel, "/domain/os/kernel"));
        assertEquals("/cache/r", at(kernel, "/domain/os/initrd"));
        assertEquals("console=ttyS0 hold=60", at(kernel, "/domain/os/cmdline"));
        assertEquals("", at(kernel, "/domain/os/boot/@dev"));
        InstanceSpec plain = new InstanceSpec("u", 1, 64, 1, Map.of(), Path.of("/cache/k"), null, null);
        assertEquals(InstanceSpec.DEFAULT_COMMAND_LINE, at(parse(DomainXml.of(plain, Path.of("/d"), Path.of("/c"), "qemu")), "/domain/os/cmdline"));
    }

    @Test
    void unknownPropertyValuesAreRefused() {
        assertThrows(VirtException.class, () -> DomainXml.of(new InstanceSpec("u", 1, 64, 1, Map.of("architecture", "z80")), Path.of("/d"),
                Path.of("/c"), "qemu"));
        assertThrows(VirtException.class, () -> DomainXml.of(new InstanceSpec("u", 1, 64, 1, Map.of("hw_machine_type", "pc' evil='1")),
                Path.of("/d"), Path.of("/c"), "qemu"));
    }
}
