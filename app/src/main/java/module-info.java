/**
 * The {@code descent} command line: {@code train}, {@code list}, {@code doctor}, {@code bench}.
 * Wires providers from the boot layer and from {@code plugins/} with Guice.
 */
module descent.app {
    requires descent.api;
    requires descent.engine;
    requires com.google.guice;
    requires info.picocli;
    requires org.slf4j;
    requires ch.qos.logback.classic;
    requires deeplearning4j.nn;
    requires java.management;
    requires jdk.unsupported;
    requires jakarta.inject;
    requires jdk.httpserver;
    // descent landscape draws its 2-D slice as an image
    requires java.desktop;

    opens descent.app.internal to com.google.guice;
}
