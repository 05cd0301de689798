package org.activeseg.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.activeseg.backend.BackendChoice;
import org.activeseg.backend.BackendSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `activeseg info`: versions, the scoring backend choice with every reason, the native library
 * path and the device. No GPU is a reason, not an error; an explicit {@code --backend cuda} that
 * cannot run is an error listing the reasons.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show versions, the scoring backend that would be used and why, the native library and the device.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--backend", paramLabel = "auto|java|cuda",
            description = "Backend to select (default: -D" + BackendSelector.PROPERTY + ", $" + BackendSelector.ENV
                    + ", else auto).")
    String backend;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (String line : new VersionInfo().getVersion()) {
            out.println(line);
        }
        out.println("cores " + Runtime.getRuntime().availableProcessors() + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        try (BackendChoice choice = BackendSelector.fromEnvironment().select(backend)) {
            out.print(choice.describe());
        }
        out.flush();
        return 0;
    }
}
