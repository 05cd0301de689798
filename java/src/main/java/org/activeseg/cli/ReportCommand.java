package org.activeseg.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.activeseg.data.scannet.ScanNetReader;
import org.activeseg.loop.RunConfig;
import org.activeseg.loop.RunOutputs;
import org.activeseg.loop.state.RunDatabase;
import org.activeseg.loop.state.RunLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code activeseg report DIR}: rebuilds a run's CSV, JSON, plots and report.html from its database. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Rebuilds rounds.csv, results.json, curves.png/svg and report.html of the run in DIR from its state.db.")
public final class ReportCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The run directory.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path d = dir.toAbsolutePath();
        if (!Files.exists(d.resolve(RunDatabase.FILE_NAME))) {
            throw new IllegalArgumentException(d + " holds no run (no " + RunDatabase.FILE_NAME + ")");
        }
        try (RunLock lock = RunLock.acquire(d); RunDatabase db = RunDatabase.open(d)) {
            RunConfig config = RunConfig.fromJson(db.configJson());
            RunOutputs.write(d, db, ScanNetReader.open(RunCommand.datasetRoot(d, config)));
        }
        spec.commandLine().getOut().println("wrote " + d.resolve("report.html"));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
