package io.stratus.swift.ring;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A built ring as servers use it: which devices hold each partition (primaries), and where to go
 * when one of them is down (handoffs, in an order that never changes for a given ring).
 */
public final class Ring {

    private static final int MAGIC = 0x53524e47; // "SRNG"
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int partPower;
    private final List<Device> devices; // index = device id; null where a device was removed
    private final int[][] replicaToPartToDevice;

    public Ring(int partPower, List<Device> devices, int[][] replicaToPartToDevice) {
        this.partPower = partPower;
        this.devices = java.util.Collections.unmodifiableList(new ArrayList<>(devices));
        this.replicaToPartToDevice = replicaToPartToDevice;
    }

    public int partPower() {
        return partPower;
    }

    public int partitionCount() {
        return 1 << partPower;
    }

    public int replicaCount() {
        return replicaToPartToDevice.length;
    }

    public List<Device> devices() {
        return devices;
    }

    public int partition(PathHasher hasher, String account, String container, String object) {
        return PathHasher.partition(hasher.hash(account, container, object), partPower);
    }

    /** The primary devices of a partition, replica 0 first. */
    public List<Device> primaries(int partition) {
        checkPartition(partition);
        List<Device> nodes = new ArrayList<>(replicaCount());
        for (int[] partToDevice : replicaToPartToDevice) {
            nodes.add(devices.get(partToDevice[partition]));
        }
        return nodes;
    }

    /**
     * The other devices in the order writes and reads try them when a primary fails: first those in
     * zones no primary uses, then the rest; within each group an order fixed by the partition.
     */
    public List<Device> handoffs(int partition) {
        List<Device> primaries = primaries(partition);
        Set<Integer> primaryIds = new HashSet<>();
        Set<Long> usedZones = new HashSet<>();
        for (Device d : primaries) {
            primaryIds.add(d.id());
            usedZones.add(d.zoneKey());
        }
        List<Device> fresh = new ArrayList<>();
        List<Device> rest = new ArrayList<>();
        for (Device d : devices) {
            if (d == null || d.weight() <= 0 || primaryIds.contains(d.id())) {
                continue;
            }
            (usedZones.contains(d.zoneKey()) ? rest : fresh).add(d);
        }
        java.util.Comparator<Device> stable = java.util.Comparator.comparingLong(d -> mix(partition, d.id()));
        fresh.sort(stable);
        rest.sort(stable);
        fresh.addAll(rest);
        return fresh;
    }

    /** SplitMix64 of (partition, device): cheap, well spread and the same on every run. */
    private static long mix(int partition, int deviceId) {
        long z = ((long) partition << 32 | (deviceId & 0xffffffffL)) + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void checkPartition(int partition) {
        if (partition < 0 || partition >= partitionCount()) {
            throw new IllegalArgumentException("partition " + partition + " is outside 0.." + (partitionCount() - 1));
        }
    }

    int deviceOf(int replica, int partition) {
        return replicaToPartToDevice[replica][partition];
    }

    // ---- the ring file: gzip of a header, the devices as JSON, then replicas x partitions device ids

    public void write(Path file) throws IOException {
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try (OutputStream out = Files.newOutputStream(temp);
             DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(new GZIPOutputStream(out)))) {
            data.writeInt(MAGIC);
            data.writeInt(VERSION);
            data.writeInt(partPower);
            data.writeInt(replicaCount());
            byte[] devs = JSON.writeValueAsBytes(devices);
            data.writeInt(devs.length);
            data.write(devs);
            for (int[] partToDevice : replicaToPartToDevice) {
                for (int device : partToDevice) {
                    data.writeShort(device);
                }
            }
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static Ring read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file);
             DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(in)))) {
            if (data.readInt() != MAGIC || data.readInt() != VERSION) {
                throw new IOException(file + " is not a Stratus ring file");
            }
            int partPower = data.readInt();
            int replicas = data.readInt();
            byte[] devs = new byte[data.readInt()];
            data.readFully(devs);
            List<Device> devices = JSON.readValue(new String(devs, StandardCharsets.UTF_8), new TypeReference<List<Device>>() { });
            int[][] table = new int[replicas][1 << partPower];
            for (int[] partToDevice : table) {
                for (int p = 0; p < partToDevice.length; p++) {
                    partToDevice[p] = data.readUnsignedShort();
                }
            }
            return new Ring(partPower, devices, table);
        }
    }

    /** How many partition replicas each device holds. */
    public Map<Integer, Integer> partsPerDevice() {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (int[] partToDevice : replicaToPartToDevice) {
            for (int device : partToDevice) {
                counts.merge(device, 1, Integer::sum);
            }
        }
        return counts;
    }
}
