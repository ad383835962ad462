package descent.engine.plugins;

import descent.api.Provider;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the providers of one plugin jar from a module layer of its own (Layrry's
 * {@code createModuleLayer}): the jar is the only module of a configuration resolved against the
 * engine's layer, defined with one class loader whose parent is the engine's class loader, and
 * searched with {@code ServiceLoader.load(layer, type)} for each {@link ProviderKind}. A plugin
 * therefore sees the API and the engine's modules (ND4J included) but no other plugin, and two
 * plugins may carry different versions of one library.
 */
final class PluginLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

    /** The JDK's resolver message for a missing dependency: "Module x not found, required by y". */
    private static final Pattern MISSING = Pattern.compile("Module (\\S+) not found");

    /** Lookup errors after which the rest of one kind in one jar is skipped. */
    private static final int MAX_ERRORS = 32;

    private final ModuleLayer parentLayer;
    private final ClassLoader parentLoader;

    PluginLoader(ModuleLayer parentLayer, ClassLoader parentLoader) {
        this.parentLayer = parentLayer;
        this.parentLoader = parentLoader;
    }

    /**
     * The providers in {@code jar}; what fails is reported to {@code problems} and skipped. Ids are
     * not yet checked against built-ins or other plugins.
     */
    List<Discovered<?>> load(Path jar, Problems problems) {
        int before = problems.count();
        Optional<ModuleLayer> layer = layer(jar, problems);
        if (layer.isEmpty()) {
            return List.of();
        }
        List<Discovered<?>> found = new ArrayList<>();
        for (ProviderKind<?> kind : ProviderKind.all()) {
            found.addAll(providers(jar, layer.get(), kind, problems));
        }
        if (found.isEmpty() && problems.count() == before) {
            String module = layer.get().modules().iterator().next().getName();
            problems.report(jar, "plugin '" + jar + "' (module '" + module + "') provides no optimizer, trainer, model"
                    + " or data set; declare one with 'provides' in module-info.java or in META-INF/services", null);
        }
        return found;
    }

    private Optional<ModuleLayer> layer(Path jar, Problems problems) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            LOG.trace("{} has {} entries", jar, zip.size());
        } catch (IOException e) {
            problems.report(jar, "plugin '" + jar + "' is not a jar file (" + e.getMessage()
                    + "); remove it from the plugin folder", e);
            return Optional.empty();
        }
        ModuleFinder finder = ModuleFinder.of(jar);
        ModuleReference module;
        try {
            Set<ModuleReference> all = finder.findAll();
            module = all.iterator().next();
        } catch (FindException e) {
            problems.report(jar, "plugin '" + jar + "' is not a valid module: " + rootMessage(e)
                    + "; rebuild it or remove it from the plugin folder", e);
            return Optional.empty();
        }
        ModuleDescriptor descriptor = module.descriptor();
        LOG.debug("plugin jar {}: {} module {}", jar, descriptor.isAutomatic() ? "automatic" : "named",
                descriptor.toNameAndVersion());
        Configuration configuration;
        try {
            configuration = parentLayer.configuration().resolveAndBind(finder, ModuleFinder.of(), Set.of(descriptor.name()));
        } catch (FindException e) {
            Matcher missing = MISSING.matcher(String.valueOf(e.getMessage()));
            String what = missing.find()
                    ? "requires module '" + missing.group(1) + "', which the application does not contain; "
                            + "install a plugin built for this version of descent or remove it"
                    : "cannot be resolved: " + rootMessage(e) + "; remove it from the plugin folder";
            problems.report(jar, "plugin '" + jar + "' (module '" + descriptor.name() + "') " + what, e);
            return Optional.empty();
        } catch (ResolutionException e) {
            problems.report(jar, "plugin '" + jar + "' (module '" + descriptor.name() + "') cannot be resolved: "
                    + rootMessage(e) + "; remove it from the plugin folder", e);
            return Optional.empty();
        }
        try {
            return Optional.of(parentLayer.defineModulesWithOneLoader(configuration, parentLoader));
        } catch (LayerInstantiationException e) {
            problems.report(jar, "plugin '" + jar + "' (module '" + descriptor.name() + "') cannot be loaded: "
                    + rootMessage(e) + "; remove it from the plugin folder", e);
            return Optional.empty();
        }
    }

    private static <P extends Provider> List<Discovered<P>> providers(Path jar, ModuleLayer layer, ProviderKind<P> kind,
                                                                     Problems problems) {
        List<Discovered<P>> found = new ArrayList<>();
        Iterator<ServiceLoader.Provider<P>> it = ServiceLoader.load(layer, kind.type()).stream().iterator();
        int errors = 0;
        while (true) {
            ServiceLoader.Provider<P> candidate;
            try {
                if (!it.hasNext()) {
                    break;
                }
                candidate = it.next();
            } catch (ServiceConfigurationError e) {
                // A provider class that is missing or has no public no-argument constructor. The
                // lookup has moved past it and goes on with the next one; the bound only guards
                // against a lookup that keeps failing on the same entry.
                problems.report(jar, "plugin '" + jar + "' has a broken " + kind.noun() + " provider: "
                        + serviceMessage(kind, e) + "; fix or remove the plugin", e);
                if (++errors == MAX_ERRORS) {
                    break;
                }
                continue;
            }
            // The layer's parents (the boot layer) answer too; their providers are built-ins.
            if (candidate.type().getModule().getLayer() != layer) {
                continue;
            }
            Optional<Discovered<P>> d = Discovery.instantiate(kind, candidate, Optional.of(jar), problems);
            d.ifPresent(found::add);
        }
        return found;
    }

    /** The message of a service error without the JDK's "service.Type: " prefix. */
    static String serviceMessage(ProviderKind<?> kind, ServiceConfigurationError e) {
        String message = rootMessage(e);
        String prefix = kind.type().getName() + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** The message of the innermost cause, prefixed with its class name when that says something. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? "" : t.getMessage();
        if (t == e) {
            return message.isEmpty() ? t.getClass().getName() : message;
        }
        return t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
