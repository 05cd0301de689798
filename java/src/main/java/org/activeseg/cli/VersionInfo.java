package org.activeseg.cli;

import picocli.CommandLine;

/** Version lines for `activeseg --version` and `activeseg info`. */
public final class VersionInfo implements CommandLine.IVersionProvider {

    public static String activesegVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "activeseg " + activesegVersion(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")",
            "OS " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
        };
    }
}
