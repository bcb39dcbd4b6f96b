package io.stratus.swift.ring;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Builds a ring as swift-ring-builder does: devices with weights in zones, partitions assigned so
 * each device holds its weight's share and replicas of a partition sit in distinct zones when there
 * are enough; a rebalance moves as little as it can, never two replicas of one partition at once,
 * and never a partition moved less than {@code minPartHours} ago.
 */
public final class RingBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int UNASSIGNED = -1;

    private final int partPower;
    private final int replicas;
    private int minPartHours;
    private final List<Device> devices; // index = id; null once removed
    private int[][] assignment; // [replica][partition] -> device id
    private long[] lastMovedHour; // per partition, hours since the epoch; 0 = never moved
    private long seed;

    /** The outcome of a rebalance. */
    public record RebalanceResult(int partitionReplicasMoved, double balancePercent, int dispersionProblems) {
    }

    public RingBuilder(int partPower, int replicas, int minPartHours) {
        if (partPower < 1 || partPower > 24) {
            throw new IllegalArgumentException("part power must be between 1 and 24");
        }
        if (replicas < 1 || replicas > 8) {
            throw new IllegalArgumentException("replicas must be between 1 and 8");
        }
        if (minPartHours < 0) {
            throw new IllegalArgumentException("min_part_hours must not be negative");
        }
        this.partPower = partPower;
        this.replicas = replicas;
        this.minPartHours = minPartHours;
        this.devices = new ArrayList<>();
        this.assignment = new int[replicas][1 << partPower];
        for (int[] row : assignment) {
            Arrays.fill(row, UNASSIGNED);
        }
        this.lastMovedHour = new long[1 << partPower];
        this.seed = 1;
    }

    public int partPower() {
        return partPower;
    }

    public int replicas() {
        return replicas;
    }

    public int minPartHours() {
        return minPartHours;
    }

    public void setMinPartHours(int hours) {
        if (hours < 0) {
            throw new IllegalArgumentException("min_part_hours must not be negative");
        }
        this.minPartHours = hours;
    }

    /** The devices still in the ring. */
    public List<Device> devices() {
        return devices.stream().filter(d -> d != null).toList();
    }

    /** Adds a device; its id is the next free one. @return the device as added */
    public Device addDevice(int region, int zone, String ip, int port, String device, double weight, String meta) {
        for (Device d : devices()) {
            if (d.ip().equals(ip) && d.port() == port && d.device().equals(device)) {
                throw new IllegalArgumentException("device " + ip + ":" + port + "/" + device + " is already in the ring");
            }
        }
        if (devices.size() >= 65535) {
            throw new IllegalArgumentException("a ring holds at most 65535 devices");
        }
        Device added = new Device(devices.size(), region, zone, ip, port, device, weight, meta);
        devices.add(added);
        return added;
    }

    /** Removes a device; its partitions move at the next rebalance. */
    public void removeDevice(int id) {
        device(id);
        devices.set(id, null);
    }

    public void setWeight(int id, double weight) {
        devices.set(id, device(id).withWeight(weight));
    }

    public Device device(int id) {
        if (id < 0 || id >= devices.size() || devices.get(id) == null) {
            throw new IllegalArgumentException("no device with id " + id);
        }
        return devices.get(id);
    }

    /** Devices matching Swift's search syntax pieces: d<id>, r<region>, z<zone>, -<ip>, :<port>, /<device>. */
    public List<Device> search(String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("^(?:d(\\d+))?(?:r(\\d+))?(?:z(\\d+))?(?:-?([0-9a-fA-F.:\\[\\]]+?))?(?::(\\d+))?(?:/([^\\s]+))?$")
                .matcher(value.trim());
        if (value.isBlank() || !m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a device search (e.g. d3, r1z2, r1z2-127.0.0.1:6200/sdb)");
        }
        return devices().stream()
                .filter(d -> m.group(1) == null || d.id() == Integer.parseInt(m.group(1)))
                .filter(d -> m.group(2) == null || d.region() == Integer.parseInt(m.group(2)))
                .filter(d -> m.group(3) == null || d.zone() == Integer.parseInt(m.group(3)))
                .filter(d -> m.group(4) == null || d.ip().equals(m.group(4)))
                .filter(d -> m.group(5) == null || d.port() == Integer.parseInt(m.group(5)))
                .filter(d -> m.group(6) == null || d.device().equals(m.group(6)))
                .toList();
    }

    /** Rebalances at the current time. */
    public RebalanceResult rebalance() {
        return rebalance(System.currentTimeMillis() / 3_600_000L);
    }

    /** Rebalances as if the clock read {@code nowHour} (hours since the epoch): tests move time on by hand. */
    public RebalanceResult rebalance(long nowHour) {
        List<Device> active = devices().stream().filter(d -> d.weight() > 0).toList();
        if (active.isEmpty()) {
            throw new IllegalStateException("the ring has no device with weight");
        }
        int parts = 1 << partPower;
        double totalWeight = active.stream().mapToDouble(Device::weight).sum();
        int maxId = devices.size();
        double[] desired = new double[maxId];
        boolean[] isActive = new boolean[maxId];
        for (Device d : active) {
            desired[d.id()] = d.weight() / totalWeight * parts * replicas;
            isActive[d.id()] = true;
        }
        int[] count = new int[maxId];
        for (int[] row : assignment) {
            for (int dev : row) {
                if (dev != UNASSIGNED && dev < maxId && isActive[dev]) {
                    count[dev]++;
                }
            }
        }
        long zonesAvailable = active.stream().map(Device::zoneKey).distinct().count();
        boolean[] touched = new boolean[parts]; // taken up in this rebalance: no second replica of it may move
        boolean[] moved = new boolean[parts];
        Random random = new Random(seed++);
        int replicasMoved = 0;

        // 1. replicas with no device, or on a device that left or lost its weight
        List<int[]> toPlace = new ArrayList<>(); // {replica, partition, device it came from}
        for (int r = 0; r < replicas; r++) {
            for (int p = 0; p < parts; p++) {
                int dev = assignment[r][p];
                if (dev == UNASSIGNED || dev >= maxId || !isActive[dev]) {
                    touched[p] |= dev != UNASSIGNED;
                    assignment[r][p] = UNASSIGNED;
                    toPlace.add(new int[] {r, p, UNASSIGNED});
                }
            }
        }
        // 2. replicas sharing a zone while another zone is free: move one, if the partition may move
        for (int p = 0; p < parts; p++) {
            if (!movable(p, touched, nowHour)) {
                continue;
            }
            Set<Long> zones = new HashSet<>();
            for (int r = 0; r < replicas; r++) {
                int dev = assignment[r][p];
                if (dev != UNASSIGNED && !zones.add(devices.get(dev).zoneKey()) && zones.size() < Math.min(replicas, zonesAvailable)) {
                    count[dev]--;
                    assignment[r][p] = UNASSIGNED;
                    touched[p] = true;
                    toPlace.add(new int[] {r, p, dev});
                    break;
                }
            }
        }
        replicasMoved += place(toPlace, active, desired, count, moved, random);

        // 3. devices under their share take replicas straight from devices over theirs, where the
        //    partition may move and the taker's zone keeps the replicas apart: each move is one that
        //    must happen, so growth moves close to the minimum
        replicasMoved += steal(active, desired, count, touched, moved, zonesAvailable, nowHour, random);

        // 4. what is still over its share is gathered and placed again; repeated because a replica
        //    may find no better home than where it was (its zone rules out the device that wants it)
        for (int pass = 0; pass < 8 && balance() > 0.5; pass++) {
            List<int[]> surplusSlots = new ArrayList<>();
            for (Device d : active) {
                int surplus = count[d.id()] - (int) Math.ceil(desired[d.id()]);
                if (surplus <= 0) {
                    continue;
                }
                List<int[]> held = new ArrayList<>();
                for (int r = 0; r < replicas; r++) {
                    for (int p = 0; p < parts; p++) {
                        if (assignment[r][p] == d.id()) {
                            held.add(new int[] {r, p, d.id()});
                        }
                    }
                }
                java.util.Collections.shuffle(held, random);
                for (int[] slot : held) {
                    if (surplus == 0) {
                        break;
                    }
                    if (movable(slot[1], touched, nowHour)) {
                        assignment[slot[0]][slot[1]] = UNASSIGNED;
                        count[d.id()]--;
                        touched[slot[1]] = true;
                        surplusSlots.add(slot);
                        surplus--;
                    }
                }
            }
            if (surplusSlots.isEmpty()) {
                break;
            }
            replicasMoved += place(surplusSlots, active, desired, count, moved, random);
        }
        for (int p = 0; p < parts; p++) {
            if (moved[p]) {
                lastMovedHour[p] = nowHour;
            }
        }
        return new RebalanceResult(replicasMoved, balance(), dispersionProblems());
    }

    private int steal(List<Device> active, double[] desired, int[] count, boolean[] touched, boolean[] moved,
                      long zonesAvailable, long nowHour, Random random) {
        int parts = 1 << partPower;
        int[] order = new int[parts];
        for (int p = 0; p < parts; p++) {
            order[p] = p;
        }
        for (int i = parts - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<Device> takers = new ArrayList<>(active);
        takers.sort(java.util.Comparator.comparingDouble(d -> -(desired[d.id()] - count[d.id()]) / desired[d.id()]));
        int stolen = 0;
        for (Device taker : takers) {
            int want = (int) Math.floor(desired[taker.id()]) - count[taker.id()];
            for (int i = 0; i < parts && want > 0; i++) {
                int p = order[i];
                if (!movable(p, touched, nowHour)) {
                    continue;
                }
                int giveReplica = -1;
                double giveExcess = 0;
                boolean takerHolds = false;
                for (int r = 0; r < replicas; r++) {
                    int dev = assignment[r][p];
                    takerHolds |= dev == taker.id();
                    double excess = dev == UNASSIGNED ? 0 : (count[dev] - desired[dev]) / desired[dev];
                    if (dev != UNASSIGNED && count[dev] > desired[dev] && excess > giveExcess && keepsApart(p, r, taker, zonesAvailable)) {
                        giveReplica = r;
                        giveExcess = excess;
                    }
                }
                if (takerHolds || giveReplica < 0) {
                    continue;
                }
                count[assignment[giveReplica][p]]--;
                assignment[giveReplica][p] = taker.id();
                count[taker.id()]++;
                touched[p] = true;
                moved[p] = true;
                stolen++;
                want--;
            }
        }
        return stolen;
    }

    /** Whether replica {@code r} of partition {@code p} may move to {@code taker} and keep the replicas in as many zones as can be. */
    private boolean keepsApart(int p, int r, Device taker, long zonesAvailable) {
        Set<Long> zones = new HashSet<>();
        for (int other = 0; other < replicas; other++) {
            int dev = assignment[other][p];
            if (other != r && dev != UNASSIGNED) {
                zones.add(devices.get(dev).zoneKey());
            }
        }
        zones.add(taker.zoneKey());
        return zones.size() >= Math.min(replicas, zonesAvailable);
    }

    /** Places gathered replicas; @return how many landed on another device than they left (or had none). */
    private int place(List<int[]> slots, List<Device> active, double[] desired, int[] count, boolean[] moved, Random random) {
        java.util.Collections.shuffle(slots, random);
        int changed = 0;
        for (int[] slot : slots) {
            Device chosen = choose(slot[1], active, desired, count);
            assignment[slot[0]][slot[1]] = chosen.id();
            count[chosen.id()]++;
            if (chosen.id() != slot[2]) {
                changed++;
                if (slot[2] != UNASSIGNED) {
                    moved[slot[1]] = true;
                }
            }
        }
        return changed;
    }

    private boolean movable(int partition, boolean[] touched, long nowHour) {
        if (touched[partition]) {
            return false;
        }
        long last = lastMovedHour[partition];
        return last == 0 || nowHour - last >= minPartHours;
    }

    private Device choose(int partition, List<Device> active, double[] desired, int[] count) {
        Set<Integer> holders = new HashSet<>();
        Set<Long> zones = new HashSet<>();
        Set<Integer> regions = new HashSet<>();
        for (int r = 0; r < replicas; r++) {
            int dev = assignment[r][partition];
            if (dev != UNASSIGNED) {
                holders.add(dev);
                zones.add(devices.get(dev).zoneKey());
                regions.add(devices.get(dev).region());
            }
        }
        Device best = null;
        int bestTier = -1;
        double bestWant = Double.NEGATIVE_INFINITY;
        for (Device d : active) {
            if (holders.contains(d.id())) {
                continue;
            }
            int tier = !regions.contains(d.region()) ? 2 : !zones.contains(d.zoneKey()) ? 1 : 0;
            double want = (desired[d.id()] - count[d.id()]) / Math.max(desired[d.id()], 1e-9);
            if (tier > bestTier || (tier == bestTier && want > bestWant)) {
                best = d;
                bestTier = tier;
                bestWant = want;
            }
        }
        if (best == null) {
            throw new IllegalStateException("not enough devices for " + replicas + " replicas of partition " + partition);
        }
        return best;
    }

    /** The worst device's distance from its weight's share, in percent. */
    public double balance() {
        List<Device> active = devices().stream().filter(d -> d.weight() > 0).toList();
        double totalWeight = active.stream().mapToDouble(Device::weight).sum();
        int[] count = new int[devices.size()];
        for (int[] row : assignment) {
            for (int dev : row) {
                if (dev != UNASSIGNED && dev < count.length) {
                    count[dev]++;
                }
            }
        }
        double worst = 0;
        for (Device d : active) {
            double desired = d.weight() / totalWeight * (1 << partPower) * replicas;
            worst = Math.max(worst, Math.abs(count[d.id()] - desired) / desired * 100);
        }
        return worst;
    }

    /** Partitions with two replicas in one zone although the ring has a free zone for them. */
    public int dispersionProblems() {
        long zonesAvailable = devices().stream().filter(d -> d.weight() > 0).map(Device::zoneKey).distinct().count();
        int problems = 0;
        for (int p = 0; p < 1 << partPower; p++) {
            Set<Long> zones = new HashSet<>();
            for (int r = 0; r < replicas; r++) {
                int dev = assignment[r][p];
                if (dev != UNASSIGNED && devices.get(dev) != null) {
                    zones.add(devices.get(dev).zoneKey());
                }
            }
            if (zones.size() < Math.min(replicas, zonesAvailable)) {
                problems++;
            }
        }
        return problems;
    }

    /** Everything wrong with the ring as it stands; empty when it can be written. */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        for (int p = 0; p < 1 << partPower; p++) {
            Set<Integer> seen = new HashSet<>();
            for (int r = 0; r < replicas; r++) {
                int dev = assignment[r][p];
                if (dev == UNASSIGNED) {
                    problems.add("partition " + p + " replica " + r + " has no device (rebalance first)");
                } else if (dev >= devices.size() || devices.get(dev) == null) {
                    problems.add("partition " + p + " replica " + r + " is on removed device " + dev + " (rebalance first)");
                } else if (!seen.add(dev)) {
                    problems.add("partition " + p + " has two replicas on device " + dev);
                }
            }
            if (problems.size() > 20) {
                problems.add("...");
                break;
            }
        }
        return problems;
    }

    public Ring toRing() {
        List<String> problems = validate();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the ring is not ready: " + problems.get(0));
        }
        int[][] table = new int[replicas][];
        for (int r = 0; r < replicas; r++) {
            table[r] = assignment[r].clone();
        }
        return new Ring(partPower, devices, table);
    }

    /** The device of a replica of a partition, or -1. */
    public int deviceOf(int replica, int partition) {
        return assignment[replica][partition];
    }

    // ---- the builder file: gzip JSON of the whole state

    /** The builder's state as saved. */
    record State(@JsonProperty("part_power") int partPower, @JsonProperty("replicas") int replicas,
                 @JsonProperty("min_part_hours") int minPartHours, @JsonProperty("devices") List<Device> devices,
                 @JsonProperty("assignment") int[][] assignment, @JsonProperty("last_moved_hour") long[] lastMovedHour,
                 @JsonProperty("seed") long seed) {
        @JsonCreator
        State {
        }
    }

    public void save(Path file) throws IOException {
        State state = new State(partPower, replicas, minPartHours, devices, assignment, lastMovedHour, seed);
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(temp))) {
            JSON.writeValue(out, state);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static RingBuilder load(Path file) throws IOException {
        State state;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            state = JSON.readValue(in, State.class);
        }
        RingBuilder builder = new RingBuilder(state.partPower(), state.replicas(), state.minPartHours());
        builder.devices.addAll(state.devices());
        builder.assignment = state.assignment();
        builder.lastMovedHour = state.lastMovedHour();
        builder.seed = state.seed();
        return builder;
    }
}
