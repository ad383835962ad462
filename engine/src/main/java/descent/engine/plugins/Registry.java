package descent.engine.plugins;

import descent.api.DescentException;
import descent.api.Provider;
import descent.api.data.DatasetProvider;
import descent.api.model.ModelProvider;
import descent.api.optim.OptimizerProvider;
import descent.api.train.TrainerProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every provider the application can use, by kind and id, with where each came from, and the
 * problems met while loading plugins. Immutable; built once at start-up with {@link #builder()}.
 *
 * <p>Order of discovery in {@link Builder#build()}:
 * <ol>
 *   <li>Built-ins: {@link java.util.ServiceLoader} for each {@link ProviderKind}, in the engine's
 *       layer and on the class path. Two built-ins with one id, or one that cannot be created, are
 *       fatal ({@link DescentException} naming both modules): the installation is broken.</li>
 *   <li>Plugins: each {@code *.jar} directly inside the plugin folders, in folder order and by file
 *       name, each in its own child {@link ModuleLayer}. A jar may be a named module (with
 *       {@code provides}) or an automatic one (with {@code META-INF/services}).</li>
 *   <li>Checks: a plugin provider whose id is built in is dropped; an id claimed by several plugin
 *       providers is dropped altogether, since which one the user meant is unknown.</li>
 * </ol>
 * Each failure in the last two steps is one {@link PluginProblem} naming the jar, and the rest still
 * load; with {@link Builder#strict(boolean) strict} the first is thrown as a {@link DescentException}.
 * Every provider kept is logged once at debug level with its id, module, version and location.
 *
 * <p>Stability: stable.
 */
public final class Registry {

    private final Map<ProviderKind<?>, Map<String, Discovered<?>>> byKind;
    private final List<PluginProblem> problems;

    /** Providers must have unique ids per kind (checked by discovery). */
    Registry(List<Discovered<?>> providers, List<PluginProblem> problems) {
        Map<ProviderKind<?>, Map<String, Discovered<?>>> map = new LinkedHashMap<>();
        for (ProviderKind<?> kind : ProviderKind.all()) {
            map.put(kind, new TreeMap<>());
        }
        for (Discovered<?> d : providers) {
            Discovered<?> other = map.get(d.origin().kind()).put(d.origin().id(), d);
            if (other != null) {
                throw new IllegalArgumentException("duplicate " + d.origin().kind() + " '" + d.origin().id() + "'");
            }
        }
        map.replaceAll((k, v) -> Collections.unmodifiableMap(v));
        this.byKind = Collections.unmodifiableMap(map);
        this.problems = List.copyOf(problems);
    }

    /** A builder with no plugin folders, not strict, built-ins from the thread's context class loader. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The optimizer with this id.
     *
     * @throws DescentException "unknown optimizer 'adms'; known: adam, adams-pece, sgd (did you mean 'adams-pece'?)"
     */
    public OptimizerProvider optimizer(String id) {
        return get(ProviderKind.OPTIMIZER, id);
    }

    /**
     * The optimizers of this registry for trainers that step parts of a model themselves: a spec
     * {@code ID} or {@code ID:NAME=VALUE,...} gives a new optimizer, its values checked as on the
     * command line. Every failure is one line that quotes the spec and what it is for.
     */
    public descent.api.optim.OptimizerCatalog optimizerCatalog() {
        return (spec, usedFor) -> {
            java.util.Objects.requireNonNull(spec, "spec");
            String text = spec.strip();
            int colon = text.indexOf(':');
            String id = (colon < 0 ? text : text.substring(0, colon)).strip();
            if (id.isEmpty()) {
                throw new DescentException(usedFor + " is '" + spec + "': give an optimizer id (see descent list), "
                        + "optionally with values, e.g. rmsprop-centered or adam:beta1=0.8");
            }
            Map<String, String> given = new LinkedHashMap<>();
            if (colon >= 0) {
                for (String pair : text.substring(colon + 1).split(",", -1)) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0 || eq == pair.length() - 1) {
                        throw new DescentException(usedFor + " '" + spec + "': '" + pair.strip()
                                + "' is not NAME=VALUE; write e.g. " + id + ":NAME=VALUE,NAME=VALUE");
                    }
                    given.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                }
            }
            OptimizerProvider provider;
            try {
                provider = optimizer(id);
            } catch (DescentException e) {
                throw new DescentException(usedFor + " '" + spec + "': " + e.getMessage());
            }
            try {
                return provider.create(descent.api.Hyperparameters.of("optimizer '" + id + "'", provider.hyperparameters(), given));
            } catch (DescentException e) {
                throw new DescentException(usedFor + " '" + spec + "': " + e.getMessage());
            }
        };
    }

    /** The trainer with this id; unknown ids fail like {@link #optimizer(String)}. */
    public TrainerProvider trainer(String id) {
        return get(ProviderKind.TRAINER, id);
    }

    /** The model with this id, or {@code dl4j:FILE} for a network from a DL4J file; unknown ids fail like {@link #optimizer(String)}. */
    public ModelProvider model(String id) {
        if (id != null && id.startsWith(descent.engine.internal.model.Dl4jFileProvider.PREFIX)) {
            return descent.engine.internal.model.Dl4jFileProvider.of(id.substring(descent.engine.internal.model.Dl4jFileProvider.PREFIX.length()));
        }
        return get(ProviderKind.MODEL, id);
    }

    /** The data set with this id; unknown ids fail like {@link #optimizer(String)}. */
    public DatasetProvider dataset(String id) {
        return get(ProviderKind.DATASET, id);
    }

    /**
     * The provider of {@code kind} with this id.
     *
     * @throws DescentException naming the id, the known ids and, if one is close, a suggestion
     */
    public <P extends Provider> P get(ProviderKind<P> kind, String id) {
        Objects.requireNonNull(id, "id");
        Discovered<?> d = byKind.get(kind).get(id);
        if (d == null) {
            throw new DescentException(unknown(kind, id));
        }
        return kind.type().cast(d.provider());
    }

    /** The providers of {@code kind} by id, sorted by id; unmodifiable. */
    public <P extends Provider> Map<String, P> providers(ProviderKind<P> kind) {
        Map<String, P> map = new LinkedHashMap<>();
        byKind.get(kind).forEach((id, d) -> map.put(id, kind.type().cast(d.provider())));
        return Collections.unmodifiableMap(map);
    }

    /** The providers of {@code kind} with their origins, sorted by id. */
    public <P extends Provider> List<Discovered<P>> discovered(ProviderKind<P> kind) {
        List<Discovered<P>> list = new ArrayList<>();
        for (Discovered<?> d : byKind.get(kind).values()) {
            list.add(new Discovered<>(kind.type().cast(d.provider()), d.origin()));
        }
        return List.copyOf(list);
    }

    /** Where the provider of {@code kind} with this id came from, if there is one. */
    public Optional<Origin> origin(ProviderKind<?> kind, String id) {
        return Optional.ofNullable(byKind.get(kind).get(id)).map(Discovered::origin);
    }

    /** What went wrong with plugins, in the order met; empty in strict mode (the first one throws). */
    public List<PluginProblem> problems() {
        return problems;
    }

    private String unknown(ProviderKind<?> kind, String id) {
        Map<String, Discovered<?>> known = byKind.get(kind);
        if (known.isEmpty()) {
            return "unknown " + kind + " '" + id + "'; no " + kind + " is installed; put a plugin jar that provides one"
                    + " in the plugins folder";
        }
        return "unknown " + kind + " '" + id + "'; known: " + String.join(", ", known.keySet())
                + Suggestions.closest(id, known.keySet()).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    /**
     * Collects the plugin folders and flags, then discovers. Plugin folders are searched in the order
     * given, each once, for {@code *.jar} files directly inside them (not in sub-folders).
     */
    public static final class Builder {

        private final List<Discovery.Folder> folders = new ArrayList<>();
        private boolean strict;
        private ClassLoader builtInLoader;

        private Builder() {
        }

        /** A folder that must exist, such as the one given with {@code --plugins}. */
        public Builder pluginDirectory(Path directory) {
            folders.add(new Discovery.Folder(Objects.requireNonNull(directory, "directory"), true));
            return this;
        }

        /** A folder searched only if it exists, such as {@code plugins/} next to the launcher. */
        public Builder pluginDirectoryIfPresent(Path directory) {
            folders.add(new Discovery.Folder(Objects.requireNonNull(directory, "directory"), false));
            return this;
        }

        /** Whether the first plugin problem is thrown as a {@link DescentException} instead of collected. */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * The class loader whose services are the built-ins ({@code ServiceLoader.load(type, loader)});
         * by default the thread's context class loader ({@code ServiceLoader.load(type)}).
         */
        public Builder builtInLoader(ClassLoader loader) {
            this.builtInLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * Discovers built-ins and plugins.
         *
         * @throws DescentException if a required plugin folder does not exist or cannot be read, if
         *     built-ins clash or cannot be created, or (strict) at the first plugin problem
         */
        public Registry build() {
            return Discovery.run(List.copyOf(folders), strict, builtInLoader);
        }
    }
}
