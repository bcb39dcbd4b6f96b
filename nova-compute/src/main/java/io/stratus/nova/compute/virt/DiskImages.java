package io.stratus.nova.compute.virt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An instance's root disk as Nova's libvirt driver makes it: a qcow2 overlay on the cached image
 * (raw or qcow2), as large as the flavor's root disk, through `qemu-img`. The image is never written:
 * every instance writes to its own overlay.
 */
public final class DiskImages {

    private static final Pattern VIRTUAL_SIZE = Pattern.compile("\"virtual-size\"\\s*:\\s*(\\d+)");
    private static final long GIB = 1L << 30;

    private DiskImages() {
    }

    /**
     * @param baseFormat raw or qcow2 (the image's disk_format)
     * @param rootGb the flavor's root disk; 0 keeps the image's own virtual size
     * @throws VirtException when the flavor's disk is smaller than the image, or qemu-img fails
     */
    public static void overlay(Path base, String baseFormat, Path disk, int rootGb) {
        if (!baseFormat.equals("raw") && !baseFormat.equals("qcow2")) {
            throw new VirtException("Images of disk format " + baseFormat + " cannot back an instance's disk: raw or qcow2 only");
        }
        long imageSize = virtualSize(base);
        long size = rootGb == 0 ? imageSize : rootGb * GIB;
        if (size < imageSize) {
            throw new VirtException("Flavor's disk is too small for requested image. Flavor disk is " + size + " bytes, image is "
                    + imageSize + " bytes.");
        }
        try {
            Files.createDirectories(disk.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new VirtException("cannot create " + disk.getParent() + ": " + e.getMessage(), e);
        }
        run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", baseFormat, "-b", base.toAbsolutePath().toString(),
                disk.toAbsolutePath().toString(), Long.toString(size)));
    }

    /** Grows an instance's disk to {@code rootGb} GiB; a disk already that big or bigger (or a root size of 0) is left as it is. */
    public static void grow(Path disk, int rootGb) {
        long size = rootGb * GIB;
        if (rootGb > 0 && virtualSize(disk) < size) {
            run(List.of("qemu-img", "resize", "-q", disk.toAbsolutePath().toString(), Long.toString(size)));
        }
    }

    /** A standalone qcow2 copy of an instance's disk (its overlay and backing image in one), for a snapshot. */
    public static void flatten(Path disk, Path out) {
        run(List.of("qemu-img", "convert", "-q", "-O", "qcow2", disk.toAbsolutePath().toString(), out.toAbsolutePath().toString()));
    }

    /** The disk size a guest sees, from `qemu-img info`. */
    public static long virtualSize(Path image) {
        String info = run(List.of("qemu-img", "info", "--output=json", image.toAbsolutePath().toString()));
        Matcher matcher = VIRTUAL_SIZE.matcher(info);
        if (!matcher.find()) {
            throw new VirtException("qemu-img gave no virtual size for " + image);
        }
        return Long.parseLong(matcher.group(1));
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new VirtException(String.join(" ", command) + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new VirtException(command.get(0) + " " + command.get(1) + " failed: " + output.trim());
            }
            return output;
        } catch (IOException e) {
            throw new VirtException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException("interrupted while running " + command.get(0), e);
        }
    }
}
