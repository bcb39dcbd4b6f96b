package io.stratus.nova.compute.virt;

import java.nio.file.Path;
import java.util.List;

/**
 * The hypervisor behind a compute host, as Nova's virt driver interface: build and remove instances,
 * move them between power states, read their state and console, report the host's resources.
 * Operations name instances by uuid; those on an unknown instance throw {@link VirtException.InstanceNotFound},
 * except {@link #destroy}, which is idempotent (a message delivered twice does no harm).
 */
public interface VirtDriver extends AutoCloseable {

    /** Defines the instance with {@code rootDisk} as its first disk and starts it. */
    void spawn(InstanceSpec spec, Path rootDisk);

    /** Stops the instance if it runs and forgets it; nothing if it is not here. */
    void destroy(String uuid);

    /** A soft reboot asks the guest; a hard one power-cycles it. */
    void reboot(String uuid, boolean hard);

    void powerOff(String uuid);

    void powerOn(String uuid);

    void pause(String uuid);

    void unpause(String uuid);

    /** Saves the instance's memory to disk and stops it; {@link #resume} brings it back. */
    void suspend(String uuid);

    void resume(String uuid);

    /** A non-maskable interrupt to the running instance's guest (Nova's trigger_crash_dump); a VirtException when it cannot be given. */
    void injectNmi(String uuid);

    /** {@link PowerState#NOSTATE} for an instance that is not here. */
    PowerState powerState(String uuid);

    /** The uuids of the instances this driver manages on the host. */
    List<String> instances();

    /** What the instance wrote to its serial console; empty when it wrote nothing. */
    String consoleOutput(String uuid);

    HostResources hostResources();

    /** The hypervisor's version as Nova reports it (major * 1,000,000 + minor * 1,000 + release); 0 when unknown. */
    default long hypervisorVersion() {
        return 0;
    }

    @Override
    void close();
}
