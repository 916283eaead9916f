package dev.kube4j.e2e;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.util.Optional;

/**
 * Records each test of a client test class as one operation of that client in the compatibility
 * page ({@link CompatibilityReport}): register it with {@code @RegisterExtension}.
 */
final class CompatibilityLog implements TestWatcher, AfterAllCallback {

    private final CompatibilityReport report;
    private final String client;

    /**
     * @param file   the name of the client's outcome file
     * @param client the heading shown on the page, e.g. {@code io.kubernetes:client-java 25.0.0}
     */
    CompatibilityLog(String file, String client) {
        this.report = new CompatibilityReport(file);
        this.client = client;
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        report.record(client, operation(context), CompatibilityReport.Outcome.PASS, "");
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        report.record(client, operation(context), CompatibilityReport.Outcome.FAIL, String.valueOf(cause.getMessage()));
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        report.record(client, operation(context), CompatibilityReport.Outcome.NOT_SERVED, String.valueOf(cause.getMessage()));
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        report.record(client, operation(context), CompatibilityReport.Outcome.NOT_SERVED, reason.orElse(""));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        report.save();
    }

    /** The version of a library on the class path, from its Maven metadata. */
    static String mavenVersion(String groupId, String artifactId) {
        String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (java.io.InputStream in = CompatibilityLog.class.getResourceAsStream(resource)) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return groupId + ":" + artifactId + " " + p.getProperty("version", "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code watchSeesAddedModifiedDeleted} → {@code watch sees added modified deleted}. */
    private static String operation(ExtensionContext context) {
        String name = context.getRequiredTestMethod().getName();
        return name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}
