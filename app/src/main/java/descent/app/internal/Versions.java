package descent.app.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The versions baked in at build time. */
final class Versions {

    private static final Properties PROPS = load();

    private Versions() {
    }

    static String descent() {
        return PROPS.getProperty("version", "unknown");
    }

    static String dl4j() {
        return PROPS.getProperty("dl4j", "unknown");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // versions then read "unknown"
        }
        return p;
    }
}
