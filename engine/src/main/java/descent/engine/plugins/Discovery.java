package descent.engine.plugins;

import descent.api.DescentException;
import descent.api.Provider;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The discovery run behind {@link Registry.Builder#build()}: built-ins, then every plugin jar, then
 * the checks across them (a plugin claiming a built-in id, two plugins with one id).
 */
final class Discovery {

    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);

    private Discovery() {
    }

    /** A plugin folder and whether it must exist. */
    record Folder(Path path, boolean required) {
    }

    static Registry run(List<Folder> folders, boolean strict, ClassLoader builtInLoader) {
        Problems problems = new Problems(strict);
        Map<ProviderKind<?>, Map<String, Discovered<?>>> builtIns = new LinkedHashMap<>();
        for (ProviderKind<?> kind : ProviderKind.all()) {
            builtIns.put(kind, builtIns(kind, builtInLoader));
        }

        Module engine = Discovery.class.getModule();
        ModuleLayer parentLayer = engine.getLayer() != null ? engine.getLayer() : ModuleLayer.boot();
        PluginLoader loader = new PluginLoader(parentLayer, Discovery.class.getClassLoader());
        List<Discovered<?>> plugins = new ArrayList<>();
        for (Path jar : jars(folders)) {
            plugins.addAll(loader.load(jar, problems));
        }

        List<Discovered<?>> kept = new ArrayList<>();
        builtIns.values().forEach(m -> kept.addAll(m.values()));
        kept.addAll(resolveIds(plugins, builtIns, problems));
        for (Discovered<?> d : kept) {
            Origin o = d.origin();
            LOG.debug("{} '{}': {} from module {} version {} at {}", o.kind(), o.id(), o.className(),
                    o.module().orElse("(class path)"), o.version().orElse("(none)"), o.location());
        }
        return new Registry(kept, problems.list());
    }

    /**
     * The built-in providers of {@code kind}, by id.
     *
     * @throws DescentException if one cannot be created or two share an id: the application itself is broken
     */
    private static <P extends Provider> Map<String, Discovered<?>> builtIns(ProviderKind<P> kind, ClassLoader loader) {
        ServiceLoader<P> services = loader == null ? ServiceLoader.load(kind.type()) : ServiceLoader.load(kind.type(), loader);
        Map<String, Discovered<?>> byId = new LinkedHashMap<>();
        Iterator<ServiceLoader.Provider<P>> it = services.stream().iterator();
        while (true) {
            ServiceLoader.Provider<P> candidate;
            try {
                if (!it.hasNext()) {
                    break;
                }
                candidate = it.next();
            } catch (ServiceConfigurationError e) {
                throw new DescentException("cannot list the built-in " + kind.noun() + " providers: "
                        + PluginLoader.serviceMessage(kind, e) + "; the installation is broken, reinstall descent", e);
            }
            Discovered<P> d;
            try {
                d = instantiate(kind, candidate, Optional.empty());
            } catch (BrokenProvider e) {
                throw new DescentException("built-in " + e.getMessage() + "; the installation is broken, reinstall descent",
                        e.getCause());
            }
            Discovered<?> other = byId.putIfAbsent(d.origin().id(), d);
            if (other != null) {
                throw new DescentException("two built-in " + kind.noun() + "s have the id '" + d.origin().id() + "': "
                        + other.origin().describe() + " and " + d.origin().describe()
                        + "; rename one or remove one of the modules");
            }
        }
        return byId;
    }

    /** A plugin provider, or a problem for the plugin. */
    static <P extends Provider> Optional<Discovered<P>> instantiate(ProviderKind<P> kind, ServiceLoader.Provider<P> candidate,
                                                                  Optional<Path> jar, Problems problems) {
        try {
            return Optional.of(instantiate(kind, candidate, jar));
        } catch (BrokenProvider e) {
            Path path = jar.orElseThrow();
            problems.report(path, "plugin '" + path + "': " + e.getMessage() + "; fix or remove the plugin", e.getCause());
            return Optional.empty();
        }
    }

    private static <P extends Provider> Discovered<P> instantiate(ProviderKind<P> kind, ServiceLoader.Provider<P> candidate,
                                                                Optional<Path> jar) throws BrokenProvider {
        Class<? extends P> type = candidate.type();
        String what = kind.noun() + " provider '" + type.getName() + "'";
        P provider;
        try {
            provider = candidate.get();
        } catch (ServiceConfigurationError e) {
            throw new BrokenProvider(what + " failed in its constructor: " + PluginLoader.rootMessage(e), e);
        } catch (RuntimeException | LinkageError e) {
            throw new BrokenProvider(what + " failed in its constructor: " + PluginLoader.rootMessage(e), e);
        }
        String id;
        try {
            id = provider.id();
        } catch (RuntimeException | LinkageError e) {
            throw new BrokenProvider(what + " failed in id(): " + PluginLoader.rootMessage(e), e);
        }
        if (id == null || id.isBlank() || id.chars().anyMatch(Character::isWhitespace)) {
            throw new BrokenProvider(what + " has the invalid id " + (id == null ? "null" : "'" + id + "'")
                    + "; an id is lower-case words joined by '-'", null);
        }
        Module module = type.getModule();
        Optional<ModuleDescriptor> descriptor = Optional.ofNullable(module.getDescriptor());
        Origin origin = new Origin(kind, id, type.getName(), Optional.ofNullable(module.getName()),
                descriptor.flatMap(ModuleDescriptor::rawVersion), jar);
        return new Discovered<>(provider, origin);
    }

    /** The jars directly inside the folders, each once, folder by folder and by file name within one. */
    private static List<Path> jars(List<Folder> folders) {
        Set<Path> seenFolders = new LinkedHashSet<>();
        Set<Path> jars = new LinkedHashSet<>();
        for (Folder folder : folders) {
            Path dir = folder.path();
            if (!Files.isDirectory(dir)) {
                if (folder.required()) {
                    throw new DescentException("plugin folder '" + dir + "' does not exist or is not a folder;"
                            + " check the path given to --plugins");
                }
                LOG.debug("plugin folder {} does not exist; skipped", dir);
                continue;
            }
            Path real;
            try {
                real = dir.toRealPath();
            } catch (IOException e) {
                throw new DescentException("cannot read plugin folder '" + dir + "': " + e.getMessage(), e);
            }
            if (!seenFolders.add(real)) {
                continue;
            }
            List<Path> here;
            try (Stream<Path> files = Files.list(dir)) {
                here = files.filter(Files::isRegularFile)
                        .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar"))
                        .sorted(Comparator.comparing(f -> f.getFileName().toString()))
                        .collect(Collectors.toList());
            } catch (IOException e) {
                throw new DescentException("cannot read plugin folder '" + dir + "': " + e.getMessage(), e);
            }
            LOG.debug("plugin folder {}: {}", dir, here.isEmpty() ? "no jars" : here.stream()
                    .map(p -> p.getFileName().toString()).collect(Collectors.joining(", ")));
            jars.addAll(here);
        }
        return List.copyOf(jars);
    }

    /**
     * Drops plugin providers whose id is built in, and every provider of an id that several plugin
     * providers claim (which one the user wanted is unknown), reporting each.
     */
    private static List<Discovered<?>> resolveIds(List<Discovered<?>> plugins,
                                                  Map<ProviderKind<?>, Map<String, Discovered<?>>> builtIns,
                                                  Problems problems) {
        Map<ProviderKind<?>, Map<String, List<Discovered<?>>>> byKindAndId = new LinkedHashMap<>();
        for (Discovered<?> d : plugins) {
            Origin o = d.origin();
            Discovered<?> builtIn = builtIns.get(o.kind()).get(o.id());
            if (builtIn != null) {
                problems.report(o.jar().orElseThrow(), "plugin '" + o.location() + "' provides " + o.kind() + " '" + o.id()
                        + "', which is built in (" + builtIn.origin().describe() + "); its " + o.describe()
                        + " is ignored; give it another id", null);
                continue;
            }
            byKindAndId.computeIfAbsent(o.kind(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(o.id(), k -> new ArrayList<>()).add(d);
        }
        List<Discovered<?>> kept = new ArrayList<>();
        for (Map<String, List<Discovered<?>>> byId : byKindAndId.values()) {
            for (List<Discovered<?>> same : byId.values()) {
                if (same.size() == 1) {
                    kept.add(same.get(0));
                    continue;
                }
                Origin first = same.get(0).origin();
                Origin last = same.get(same.size() - 1).origin();
                Set<Path> jars = same.stream().map(d -> d.origin().jar().orElseThrow()).collect(Collectors.toSet());
                String fix = jars.size() == 1 ? "give them different ids" : "remove all but one of the jars";
                problems.report(last.jar().orElseThrow(), first.kind() + " '" + first.id() + "' is provided by "
                        + same.size() + " plugins: " + same.stream().map(d -> d.origin().describe())
                                .collect(Collectors.joining(" and ")) + "; none of them is used; " + fix, null);
            }
        }
        return kept;
    }

    /** A provider that cannot be created or reports a bad id; the message starts with its kind and class. */
    private static final class BrokenProvider extends Exception {

        private static final long serialVersionUID = 1L;

        BrokenProvider(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
