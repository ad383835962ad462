package descent.engine.plugins;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import descent.api.Provider;
import java.util.Objects;

/**
 * Binds a {@link Registry} and, for each {@link ProviderKind}, a {@link MapBinder} from id to
 * provider, so the application injects {@code Map<String, OptimizerProvider>},
 * {@code Map<String, TrainerProvider>}, {@code Map<String, ModelProvider>} and
 * {@code Map<String, DatasetProvider>}. The providers are bound as the instances discovery created;
 * Guice constructs nothing from this package, so it needs no {@code opens}. The maps are bound even
 * when empty.
 *
 * <p>Stability: stable.
 */
public final class ProvidersModule extends AbstractModule {

    private final Registry registry;

    /** Binds the providers of {@code registry}. */
    public ProvidersModule(Registry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    protected void configure() {
        bind(Registry.class).toInstance(registry);
        for (ProviderKind<?> kind : ProviderKind.all()) {
            bindAll(kind);
        }
    }

    private <P extends Provider> void bindAll(ProviderKind<P> kind) {
        MapBinder<String, P> ids = MapBinder.newMapBinder(binder(), String.class, kind.type());
        registry.providers(kind).forEach((id, provider) -> ids.addBinding(id).toInstance(provider));
    }
}
