package descent.api.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Runs {@link PlainSgdConformanceTests} through the JUnit Platform and prints each failure as
 * {@code FAILED <exception class>: <message>}, then {@code SUCCEEDED <n>}: the child process of
 * {@link KitDependencyTests}, started on a class path without AssertJ. Uses no AssertJ itself.
 */
public final class KitWithoutAssertJ {

    private KitWithoutAssertJ() {
    }

    public static void main(String[] args) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(PlainSgdConformanceTests.class)).build(), listener);
        listener.getSummary().getFailures().forEach(f -> System.out.println("FAILED " + f.getException().getClass().getName() + ": "
                + f.getException().getMessage()));
        System.out.println("SUCCEEDED " + listener.getSummary().getTestsSucceededCount());
    }
}
