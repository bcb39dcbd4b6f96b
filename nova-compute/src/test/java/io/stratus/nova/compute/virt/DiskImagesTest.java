package io.stratus.nova.compute.virt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overlays made by the real qemu-img. */
class DiskImagesTest {

    @TempDir
    Path dir;

    @Test
    void aResizeGrowsTheDiskAndNeverShrinksIt() throws Exception {
        Path base = dir.resolve("base");
        Files.write(base, new byte[1 << 20]);
        Path disk = dir.resolve("instance").resolve("disk");
        DiskImages.overlay(base, "raw", disk, 1);
        DiskImages.grow(disk, 3);
        assertEquals(3L << 30, DiskImages.virtualSize(disk));
        DiskImages.grow(disk, 2);
        assertEquals(3L << 30, DiskImages.virtualSize(disk), "a smaller root size leaves the disk as it is");
        DiskImages.grow(disk, 0);
        assertEquals(3L << 30, DiskImages.virtualSize(disk));
    }

    @Test
    void anOverlayIsAsLargeAsTheFlavorsDiskAndLeavesTheImageAlone() throws Exception {
        Path base = dir.resolve("_base").resolve("image");
        Files.createDirectories(base.getParent());
        byte[] bytes = new byte[1 << 20];
        Arrays.fill(bytes, (byte) 7);
        Files.write(base, bytes);
        Path disk = dir.resolve("instance").resolve("disk");

        DiskImages.overlay(base, "raw", disk, 1);
        assertEquals(1L << 30, DiskImages.virtualSize(disk));
        String info = run("qemu-img", "info", "--output=json", disk.toString());
        assertTrue(info.contains("\"backing-filename\": \"" + base.toAbsolutePath() + "\""), info);
        assertTrue(info.contains("\"format\": \"qcow2\""), info);
        assertTrue(Arrays.equals(bytes, Files.readAllBytes(base)));

        Path same = dir.resolve("same").resolve("disk");
        DiskImages.overlay(base, "raw", same, 0);
        assertEquals(1L << 20, DiskImages.virtualSize(same));
    }

    @Test
    void aFlavorDiskSmallerThanTheImageIsRefused() throws Exception {
        Path base = dir.resolve("big.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "2G");
        VirtException refused = assertThrows(VirtException.class, () -> DiskImages.overlay(base, "qcow2", dir.resolve("disk"), 1));
        assertTrue(refused.getMessage().contains("too small"), refused.getMessage());
        assertTrue(Files.notExists(dir.resolve("disk")));
        assertThrows(VirtException.class, () -> DiskImages.overlay(base, "vmdk", dir.resolve("disk"), 5));
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output;
    }
}
