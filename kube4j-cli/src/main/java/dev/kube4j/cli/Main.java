package dev.kube4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kube4j} command: one binary for every component. */
@Command(name = "kube4j", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "A Kubernetes-compatible container platform in Java.",
        subcommands = {ServerCommand.class, ControllerManagerCommand.class, SchedulerCommand.class, HollowNodesCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
