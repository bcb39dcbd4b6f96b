package io.stratus.nova.compute.virt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A hypervisor without guests, for scale tests and many hosts in one process: instances only change
 * state, with the rules libvirt applies (only a running instance pauses, suspends or soft-reboots; only
 * a stopped one powers on). {@link #crash} plays an instance dying behind Nova's back. Its instances
 * are kept in a state directory, so they outlive the process as real guests outlive nova-compute: a
 * restarted host finds them as they were.
 */
public final class FakeDriver implements VirtDriver {

    private record Instance(int vcpus, int memoryMb, int rootGb, PowerState state) {

        Instance in(PowerState newState) {
            return new Instance(vcpus, memoryMb, rootGb, newState);
        }

        String line() {
            return state.name() + " " + vcpus + " " + memoryMb + " " + rootGb + "\n";
        }

        static Instance parse(String line) {
            String[] fields = line.trim().split(" ");
            return new Instance(Integer.parseInt(fields[1]), Integer.parseInt(fields[2]), Integer.parseInt(fields[3]),
                    PowerState.valueOf(fields[0]));
        }
    }

    private final int vcpus;
    private final long memoryMb;
    private final long diskGb;
    private final Path stateDir;
    private final Map<String, Instance> instances = new ConcurrentHashMap<>();

    /** A host keeping its instances in {@code stateDir} (a file each), finding there those an earlier process left. */
    public FakeDriver(int vcpus, long memoryMb, long diskGb, Path stateDir) {
        this.vcpus = vcpus;
        this.memoryMb = memoryMb;
        this.diskGb = diskGb;
        this.stateDir = stateDir;
        try {
            Files.createDirectories(stateDir);
            try (Stream<Path> files = Files.list(stateDir)) {
                for (Path file : files.filter(f -> !f.getFileName().toString().endsWith(".tmp")).toList()) {
                    instances.put(file.getFileName().toString(), Instance.parse(Files.readString(file)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fake hypervisor's state in " + stateDir, e);
        }
    }

    @Override
    public void spawn(InstanceSpec spec, Path rootDisk) {
        Instance created = new Instance(spec.vcpus(), spec.memoryMb(), spec.rootGb(), PowerState.RUNNING);
        instances.compute(spec.uuid(), (uuid, existing) -> {
            if (existing != null) {
                throw new VirtException("Instance " + uuid + " already exists on this host.");
            }
            store(uuid, created);
            return created;
        });
    }

    @Override
    public void destroy(String uuid) {
        instances.computeIfPresent(uuid, (id, instance) -> {
            store(id, null);
            return null;
        });
    }

    @Override
    public void reboot(String uuid, boolean hard) {
        move(uuid, hard ? null : PowerState.RUNNING, PowerState.RUNNING);
    }

    @Override
    public void powerOff(String uuid) {
        move(uuid, null, PowerState.SHUTDOWN);
    }

    @Override
    public void powerOn(String uuid) {
        move(uuid, PowerState.SHUTDOWN, PowerState.RUNNING);
    }

    @Override
    public void pause(String uuid) {
        move(uuid, PowerState.RUNNING, PowerState.PAUSED);
    }

    @Override
    public void unpause(String uuid) {
        move(uuid, PowerState.PAUSED, PowerState.RUNNING);
    }

    @Override
    public void suspend(String uuid) {
        move(uuid, PowerState.RUNNING, PowerState.SUSPENDED);
    }

    @Override
    public void resume(String uuid) {
        move(uuid, PowerState.SUSPENDED, PowerState.RUNNING);
    }

    /** The instance stops as if its process died. */
    public void crash(String uuid) {
        move(uuid, null, PowerState.CRASHED);
    }

    @Override
    public PowerState powerState(String uuid) {
        Instance instance = instances.get(uuid);
        return instance == null ? PowerState.NOSTATE : instance.state();
    }

    @Override
    public List<String> instances() {
        return new ArrayList<>(instances.keySet());
    }

    @Override
    public String consoleOutput(String uuid) {
        existing(uuid);
        return "fake console of instance-" + uuid + "\n";
    }

    @Override
    public HostResources hostResources() {
        int vcpusUsed = 0;
        long memoryUsed = 0;
        long diskUsed = 0;
        for (Instance instance : instances.values()) {
            vcpusUsed += instance.vcpus();
            memoryUsed += instance.memoryMb();
            diskUsed += instance.rootGb();
        }
        return new HostResources(vcpus, vcpusUsed, memoryMb, memoryUsed, diskGb, diskUsed);
    }

    /** Forgets the instances, as a stopped nova-compute does; those in the state directory stay there. */
    @Override
    public void close() {
        instances.clear();
    }

    /** A fake guest takes the interrupt while it runs or is paused, as a QEMU one does; the crash dump it would write is nowhere. */
    @Override
    public void injectNmi(String uuid) {
        PowerState state = powerState(uuid);
        if (state == PowerState.NOSTATE) {
            throw new VirtException.InstanceNotFound(uuid);
        }
        if (state != PowerState.RUNNING && state != PowerState.PAUSED) {
            throw new VirtException("Instance " + uuid + " is " + state.name().toLowerCase() + ": it cannot take an NMI");
        }
    }

    /** @param from the state the instance must be in (null: any, as for a hard reboot or a power-off) */
    private void move(String uuid, PowerState from, PowerState to) {
        instances.compute(uuid, (id, instance) -> {
            if (instance == null) {
                throw new VirtException.InstanceNotFound(uuid);
            }
            if (from != null && instance.state() != from) {
                throw new VirtException("Instance " + uuid + " is " + instance.state().name().toLowerCase() + ": cannot go to "
                        + to.name().toLowerCase());
            }
            Instance moved = instance.in(to);
            store(id, moved);
            return moved;
        });
    }

    /** Writes (or with null removes) an instance's file, replacing it whole so a killed process leaves no half-written state. */
    private void store(String uuid, Instance instance) {
        try {
            Path file = stateDir.resolve(uuid);
            if (instance == null) {
                Files.deleteIfExists(file);
                return;
            }
            Path written = Files.writeString(stateDir.resolve(uuid + ".tmp"), instance.line());
            Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new VirtException("cannot record instance " + uuid + " in " + stateDir + ": " + e.getMessage(), e);
        }
    }

    private Instance existing(String uuid) {
        Instance instance = instances.get(uuid);
        if (instance == null) {
            throw new VirtException.InstanceNotFound(uuid);
        }
        return instance;
    }
}
