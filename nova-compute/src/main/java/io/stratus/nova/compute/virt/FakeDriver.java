package io.stratus.nova.compute.virt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A hypervisor in memory, for scale tests and many hosts in one process: instances only change
 * state, with the rules libvirt applies (only a running instance pauses, suspends or soft-reboots; only
 * a stopped one powers on). {@link #crash} plays an instance dying behind Nova's back.
 */
public final class FakeDriver implements VirtDriver {

    private record Instance(InstanceSpec spec, PowerState state) {
    }

    private final int vcpus;
    private final long memoryMb;
    private final long diskGb;
    private final Map<String, Instance> instances = new ConcurrentHashMap<>();

    public FakeDriver(int vcpus, long memoryMb, long diskGb) {
        this.vcpus = vcpus;
        this.memoryMb = memoryMb;
        this.diskGb = diskGb;
    }

    @Override
    public void spawn(InstanceSpec spec, Path rootDisk) {
        if (instances.putIfAbsent(spec.uuid(), new Instance(spec, PowerState.RUNNING)) != null) {
            throw new VirtException("Instance " + spec.uuid() + " already exists on this host.");
        }
    }

    @Override
    public void destroy(String uuid) {
        instances.remove(uuid);
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
        Instance instance = existing(uuid);
        return "fake console of " + instance.spec().domainName() + "\n";
    }

    @Override
    public HostResources hostResources() {
        int vcpusUsed = 0;
        long memoryUsed = 0;
        long diskUsed = 0;
        for (Instance instance : instances.values()) {
            vcpusUsed += instance.spec().vcpus();
            memoryUsed += instance.spec().memoryMb();
            diskUsed += instance.spec().rootGb();
        }
        return new HostResources(vcpus, vcpusUsed, memoryMb, memoryUsed, diskGb, diskUsed);
    }

    @Override
    public void close() {
        instances.clear();
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
            return new Instance(instance.spec(), to);
        });
    }

    private Instance existing(String uuid) {
        Instance instance = instances.get(uuid);
        if (instance == null) {
            throw new VirtException.InstanceNotFound(uuid);
        }
        return instance;
    }
}
