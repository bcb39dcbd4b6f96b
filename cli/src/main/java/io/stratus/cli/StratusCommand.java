package io.stratus.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** `stratus`: the operator's command for a Stratus cloud. */
@TopCommand
@Command(name = "stratus", mixinStandardHelpOptions = true, version = "stratus 0.1.0",
        description = "Operate a Stratus cloud.",
        subcommands = {BootstrapCommand.class, TokenKeysCommand.class, RingCommand.class, SwiftCommand.class})
public class StratusCommand {
}
