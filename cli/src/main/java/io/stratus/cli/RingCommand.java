package io.stratus.cli;

import io.stratus.swift.ring.Device;
import io.stratus.swift.ring.RingBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `stratus ring …`: swift-ring-builder for Stratus rings (account, container, object). */
@Command(name = "ring", mixinStandardHelpOptions = true,
        description = "Build Swift rings: create, add, remove, set-weight, set-min-part-hours, rebalance, show, validate, write.",
        subcommands = {RingCommand.Create.class, RingCommand.Add.class, RingCommand.Remove.class, RingCommand.SetWeight.class,
            RingCommand.SetMinPartHours.class, RingCommand.Rebalance.class, RingCommand.Show.class, RingCommand.Validate.class,
            RingCommand.Write.class})
public class RingCommand {

    private static final Pattern DEVICE = Pattern.compile("^r(\\d+)z(\\d+)-([^:/]+|\\[[^\\]]+\\]):(\\d+)/([^\\s/]+)(?:_(.*))?$");

    /** The ring file written next to a builder: object.builder -> object.ring.gz. */
    static Path ringFileOf(Path builder) {
        String name = builder.getFileName().toString();
        String base = name.endsWith(".builder") ? name.substring(0, name.length() - ".builder".length()) : name;
        return builder.toAbsolutePath().resolveSibling(base + ".ring.gz");
    }

    static RingBuilder load(Path builder) throws IOException {
        if (!Files.exists(builder)) {
            throw new IllegalArgumentException("no builder file " + builder + " (stratus ring create first)");
        }
        return RingBuilder.load(builder);
    }

    static List<Device> found(RingBuilder builder, String search) {
        List<Device> devices = builder.search(search);
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("no device matches " + search);
        }
        return devices;
    }

    /** Shared: the builder file argument, and errors printed as one line with exit code 2. */
    abstract static class Step implements Callable<Integer> {
        @Parameters(index = "0", description = "the builder file, e.g. object.builder")
        Path builderFile;

        abstract int run() throws IOException;

        @Override
        public Integer call() throws IOException {
            try {
                return run();
            } catch (IllegalArgumentException | IllegalStateException e) {
                System.err.println("stratus ring: " + e.getMessage());
                return 2;
            }
        }
    }

    /** create <builder> <part_power> <replicas> <min_part_hours> */
    @Command(name = "create", description = "Create a builder: part power, replicas, min_part_hours.")
    static class Create extends Step {
        @Parameters(index = "1") int partPower;
        @Parameters(index = "2") int replicas;
        @Parameters(index = "3") int minPartHours;

        @Override
        int run() throws IOException {
            if (Files.exists(builderFile)) {
                throw new IllegalArgumentException(builderFile + " already exists");
            }
            new RingBuilder(partPower, replicas, minPartHours).save(builderFile);
            System.out.println("created " + builderFile + ": 2^" + partPower + " partitions, " + replicas + " replicas, "
                    + minPartHours + " min_part_hours");
            return 0;
        }
    }

    /** add <builder> r<region>z<zone>-<ip>:<port>/<device>[_<meta>] <weight> [<device> <weight> ...] */
    @Command(name = "add", description = "Add devices: r1z1-127.0.0.1:6200/d1 100 [r1z2-127.0.0.1:6210/d2 100 ...]")
    static class Add extends Step {
        @Parameters(index = "1..*", arity = "2..*", description = "pairs of r<region>z<zone>-<ip>:<port>/<device>[_<meta>] and weight")
        List<String> devicesAndWeights;

        @Override
        int run() throws IOException {
            if (devicesAndWeights.size() % 2 != 0) {
                throw new IllegalArgumentException("give each device with its weight");
            }
            RingBuilder builder = load(builderFile);
            for (int i = 0; i < devicesAndWeights.size(); i += 2) {
                String device = devicesAndWeights.get(i);
                Matcher m = DEVICE.matcher(device);
                if (!m.matches()) {
                    throw new IllegalArgumentException("'" + device + "' is not r<region>z<zone>-<ip>:<port>/<device>");
                }
                double weight;
                try {
                    weight = Double.parseDouble(devicesAndWeights.get(i + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + devicesAndWeights.get(i + 1) + "' is not a weight");
                }
                Device added = builder.addDevice(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        m.group(3).replace("[", "").replace("]", ""), Integer.parseInt(m.group(4)), m.group(5), weight, m.group(6));
                System.out.println("added " + added);
            }
            builder.save(builderFile);
            return 0;
        }
    }

    /** remove <builder> <search> */
    @Command(name = "remove", description = "Remove the devices matching a search (d3, r1z2, -127.0.0.1:6200/d1 ...).")
    static class Remove extends Step {
        @Parameters(index = "1") String search;

        @Override
        int run() throws IOException {
            RingBuilder builder = load(builderFile);
            for (Device d : found(builder, search)) {
                builder.removeDevice(d.id());
                System.out.println("removed " + d);
            }
            builder.save(builderFile);
            return 0;
        }
    }

    /** set-weight <builder> <search> <weight> */
    @Command(name = "set-weight", description = "Set the weight of the devices matching a search.")
    static class SetWeight extends Step {
        @Parameters(index = "1") String search;
        @Parameters(index = "2") double weight;

        @Override
        int run() throws IOException {
            RingBuilder builder = load(builderFile);
            for (Device d : found(builder, search)) {
                builder.setWeight(d.id(), weight);
                System.out.println("weight of " + d + " set to " + weight);
            }
            builder.save(builderFile);
            return 0;
        }
    }

    /** set-min-part-hours <builder> <hours> */
    @Command(name = "set-min-part-hours", description = "Set how long a moved partition stays put.")
    static class SetMinPartHours extends Step {
        @Parameters(index = "1") int hours;

        @Override
        int run() throws IOException {
            RingBuilder builder = load(builderFile);
            builder.setMinPartHours(hours);
            builder.save(builderFile);
            return 0;
        }
    }

    /** rebalance <builder>: also writes the ring file. */
    @Command(name = "rebalance", description = "Reassign partitions and write the ring file next to the builder.")
    static class Rebalance extends Step {
        @Override
        int run() throws IOException {
            RingBuilder builder = load(builderFile);
            RingBuilder.RebalanceResult result = builder.rebalance();
            builder.save(builderFile);
            builder.toRing().write(ringFileOf(builderFile));
            System.out.printf("reassigned %d partition replicas; balance %.2f%%; dispersion problems %d; wrote %s%n",
                    result.partitionReplicasMoved(), result.balancePercent(), result.dispersionProblems(), ringFileOf(builderFile));
            return 0;
        }
    }

    /** show <builder> */
    @Command(name = "show", description = "Print the builder's settings and devices.")
    static class Show extends Step {
        @Override
        int run() throws IOException {
            RingBuilder builder = load(builderFile);
            System.out.printf("%s: %d partitions, %d replicas, %d min_part_hours, %d devices, balance %.2f%%, dispersion problems %d%n",
                    builderFile, 1 << builder.partPower(), builder.replicas(), builder.minPartHours(), builder.devices().size(),
                    builder.balance(), builder.dispersionProblems());
            java.util.Map<Integer, Integer> parts = new java.util.HashMap<>();
            for (int r = 0; r < builder.replicas(); r++) {
                for (int p = 0; p < 1 << builder.partPower(); p++) {
                    int dev = builder.deviceOf(r, p);
                    if (dev >= 0) {
                        parts.merge(dev, 1, Integer::sum);
                    }
                }
            }
            System.out.printf("%4s %6s %4s %-15s %5s %-10s %8s %10s %s%n", "id", "region", "zone", "ip", "port", "device", "weight",
                    "partitions", "meta");
            for (Device d : builder.devices()) {
                System.out.printf("%4d %6d %4d %-15s %5d %-10s %8.2f %10d %s%n", d.id(), d.region(), d.zone(), d.ip(), d.port(),
                        d.device(), d.weight(), parts.getOrDefault(d.id(), 0), d.meta());
            }
            return 0;
        }
    }

    /** validate <builder> */
    @Command(name = "validate", description = "Check every partition has its replicas on distinct live devices.")
    static class Validate extends Step {
        @Override
        int run() throws IOException {
            List<String> problems = load(builderFile).validate();
            problems.forEach(System.out::println);
            System.out.println(problems.isEmpty() ? "ring is valid" : "ring is NOT valid");
            return problems.isEmpty() ? 0 : 1;
        }
    }

    /** write <builder>: the ring file from the builder as it stands. */
    @Command(name = "write", description = "Write the ring file from the builder without rebalancing.")
    static class Write extends Step {
        @Override
        int run() throws IOException {
            load(builderFile).toRing().write(ringFileOf(builderFile));
            System.out.println("wrote " + ringFileOf(builderFile));
            return 0;
        }
    }
}
