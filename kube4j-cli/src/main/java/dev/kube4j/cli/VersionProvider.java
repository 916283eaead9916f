package dev.kube4j.cli;

import picocli.CommandLine;

/** Reports the build version from the jar manifest. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[]{"kube4j " + (v == null ? "dev" : v) + " (Kubernetes API v1.32, Java " + Runtime.version() + ")"};
    }
}
