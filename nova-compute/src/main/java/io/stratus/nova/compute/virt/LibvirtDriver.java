package io.stratus.nova.compute.virt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import java.io.IOException;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo.DomainState;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;

/**
 * Instances as libvirt domains (libvirt-java over JNA): `qemu:///system` with QEMU's software emulation
 * on a real host, `test:///default` in the tests (libvirt's own driver, in process, no daemon). Each
 * instance keeps its console log in {@code <instancesDir>/<uuid>/console.log}. libvirt's handle is not
 * safe for concurrent use: every call holds the driver's lock.
 */
public final class LibvirtDriver implements VirtDriver {

    /** VIR_DOMAIN_UNDEFINE_MANAGED_SAVE: a suspended instance's saved memory goes with it. */
    private static final int UNDEFINE_MANAGED_SAVE = 1;
    /** VIR_DOMAIN_REBOOT_DEFAULT: the hypervisor's choice of ACPI or guest agent. */
    private static final int REBOOT_DEFAULT = 0;

    private final Connect connection;
    private final Path instancesDir;
    private final String domainType;
    private final Duration cleanShutdown;

    /**
     * @param cleanShutdown how long a guest may take to shut down when asked (Nova's shutdown_timeout, 60 s)
     * @throws VirtException when libvirt cannot be loaded (libvirt0 missing) or the URI cannot be opened
     */
    public LibvirtDriver(String uri, Path instancesDir, String domainType, Duration cleanShutdown) {
        try {
            this.connection = new Connect(uri);
        } catch (LibvirtException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new VirtException("cannot open libvirt at " + uri + ": " + e.getMessage(), e);
        }
        this.instancesDir = instancesDir;
        this.domainType = domainType;
        this.cleanShutdown = cleanShutdown;
    }

    @Override
    public synchronized void spawn(InstanceSpec spec, Path rootDisk) {
        Path console = consoleLog(spec.uuid());
        String xml = DomainXml.of(spec, rootDisk, console, domainType);
        try {
            Files.createDirectories(console.getParent());
            Domain domain = connection.domainDefineXML(xml);
            try {
                domain.create();
            } catch (LibvirtException e) {
                domain.undefine(); // a domain that never started is not left defined
                throw e;
            }
        } catch (LibvirtException e) {
            throw new VirtException("libvirt could not start " + spec.domainName() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new VirtException("cannot create " + console.getParent() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void destroy(String uuid) {
        try {
            Domain domain = connection.domainLookupByUUIDString(uuid);
            if (domain.isActive() == 1) {
                domain.destroy();
            }
            domain.undefine(UNDEFINE_MANAGED_SAVE);
        } catch (LibvirtException e) {
            if (e.getError().getCode() != ErrorNumber.VIR_ERR_NO_DOMAIN) {
                throw new VirtException("libvirt could not remove instance " + uuid + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void reboot(String uuid, boolean hard) {
        act(uuid, "reboot", domain -> {
            if (hard) {
                if (domain.isActive() == 1) {
                    domain.destroy();
                }
                domain.create();
            } else {
                domain.reboot(REBOOT_DEFAULT);
            }
        });
    }

    /** As Nova's power_off: the guest is asked to shut down, and stopped outright if it has not within the clean-shutdown time. */
    @Override
    public synchronized void powerOff(String uuid) {
        act(uuid, "power off", domain -> {
            if (domain.isActive() != 1) {
                return;
            }
            domain.shutdown();
            long deadline = System.nanoTime() + cleanShutdown.toNanos();
            while (domain.isActive() == 1 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (domain.isActive() == 1) {
                domain.destroy();
            }
        });
    }

    @Override
    public synchronized void powerOn(String uuid) {
        act(uuid, "power on", Domain::create);
    }

    @Override
    public synchronized void pause(String uuid) {
        act(uuid, "pause", Domain::suspend);
    }

    @Override
    public synchronized void unpause(String uuid) {
        act(uuid, "unpause", Domain::resume);
    }

    @Override
    public synchronized void suspend(String uuid) {
        act(uuid, "suspend", Domain::managedSave);
    }

    @Override
    public synchronized void resume(String uuid) {
        act(uuid, "resume", Domain::create); // starting a domain with a managed save image restores it
    }

    @Override
    public synchronized PowerState powerState(String uuid) {
        try {
            Domain domain = connection.domainLookupByUUIDString(uuid);
            DomainState state = domain.getInfo().state;
            return switch (state) {
                case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> PowerState.RUNNING;
                case VIR_DOMAIN_PAUSED -> PowerState.PAUSED;
                case VIR_DOMAIN_SHUTDOWN -> PowerState.SHUTDOWN;
                case VIR_DOMAIN_SHUTOFF -> domain.hasManagedSaveImage() == 1 ? PowerState.SUSPENDED : PowerState.SHUTDOWN;
                case VIR_DOMAIN_CRASHED -> PowerState.CRASHED;
                default -> PowerState.NOSTATE;
            };
        } catch (LibvirtException e) {
            if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                return PowerState.NOSTATE;
            }
            throw new VirtException("libvirt could not read instance " + uuid + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<String> instances() {
        List<String> uuids = new ArrayList<>();
        try {
            for (int id : connection.listDomains()) {
                addIfInstance(uuids, connection.domainLookupByID(id));
            }
            for (String name : connection.listDefinedDomains()) {
                addIfInstance(uuids, connection.domainLookupByName(name));
            }
        } catch (LibvirtException e) {
            throw new VirtException("libvirt could not list domains: " + e.getMessage(), e);
        }
        return uuids;
    }

    @Override
    public synchronized String consoleOutput(String uuid) {
        if (powerState(uuid) == PowerState.NOSTATE) {
            throw new VirtException.InstanceNotFound(uuid);
        }
        Path log = consoleLog(uuid);
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new VirtException("cannot read the console log of " + uuid + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized HostResources hostResources() {
        try {
            NodeInfo node = connection.nodeInfo();
            int vcpusUsed = 0;
            long memoryUsedMb = 0;
            for (int id : connection.listDomains()) {
                Domain domain = connection.domainLookupByID(id);
                if (domain.getName().startsWith("instance-")) {
                    vcpusUsed += domain.getInfo().nrVirtCpu;
                    memoryUsedMb += domain.getInfo().maxMem / 1024;
                }
            }
            Files.createDirectories(instancesDir);
            long diskTotalGb = Files.getFileStore(instancesDir).getTotalSpace() >> 30;
            long diskFreeGb = Files.getFileStore(instancesDir).getUsableSpace() >> 30;
            return new HostResources(node.cpus, vcpusUsed, node.memory / 1024, memoryUsedMb, diskTotalGb, diskTotalGb - diskFreeGb);
        } catch (LibvirtException | IOException e) {
            throw new VirtException("cannot read the host's resources: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized long hypervisorVersion() {
        try {
            return connection.getVersion();
        } catch (LibvirtException e) {
            return 0;
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (LibvirtException e) {
            // closing a connection that libvirt already dropped
        }
    }

    private Path consoleLog(String uuid) {
        return instancesDir.resolve(uuid).resolve("console.log");
    }

    /** libvirt-java 0.5.3 has no binding for virDomainInjectNMI: it is called through JNA on the domain's own handle. */
    private interface NmiBinding extends Library {
        NmiBinding INSTANCE = Native.load("virt", NmiBinding.class);

        int virDomainInjectNMI(Pointer domain, int flags);

        String virGetLastErrorMessage();
    }

    @Override
    public synchronized void injectNmi(String uuid) {
        act(uuid, "inject an NMI into", domain -> {
            if (domain.isActive() != 1) {
                throw new VirtException("Instance " + uuid + " is not running: it cannot take an NMI");
            }
            NmiBinding binding;
            try {
                binding = NmiBinding.INSTANCE;
            } catch (LinkageError e) {
                throw new VirtException("this libvirt cannot inject an NMI: " + e.getMessage(), e);
            }
            int result = binding.virDomainInjectNMI(handle(domain), 0);
            Reference.reachabilityFence(domain); // its finalizer frees the handle the call used
            if (result != 0) {
                throw new VirtException("libvirt could not inject an NMI into instance " + uuid + ": " + binding.virGetLastErrorMessage());
            }
        });
    }

    private static Pointer handle(Domain domain) {
        try {
            Field field = Domain.class.getDeclaredField("vdp");
            field.setAccessible(true);
            return ((PointerType) field.get(domain)).getPointer();
        } catch (ReflectiveOperationException e) {
            throw new VirtException("this libvirt-java keeps no domain handle where expected: " + e.getMessage(), e);
        }
    }

    private interface DomainAction {
        void run(Domain domain) throws LibvirtException;
    }

    private void act(String uuid, String what, DomainAction action) {
        Domain domain;
        try {
            domain = connection.domainLookupByUUIDString(uuid);
        } catch (LibvirtException e) {
            if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                throw new VirtException.InstanceNotFound(uuid);
            }
            throw new VirtException("libvirt could not find instance " + uuid + ": " + e.getMessage(), e);
        }
        try {
            action.run(domain);
        } catch (LibvirtException e) {
            throw new VirtException("libvirt could not " + what + " instance " + uuid + ": " + e.getMessage(), e);
        }
    }

    private static void addIfInstance(List<String> uuids, Domain domain) throws LibvirtException {
        if (domain.getName().startsWith("instance-")) {
            uuids.add(domain.getUUIDString());
        }
    }
}
