package descent.engine.plugins;

import descent.api.Provider;
import descent.api.data.DatasetProvider;
import descent.api.model.ModelProvider;
import descent.api.optim.OptimizerProvider;
import descent.api.train.TrainerProvider;
import java.util.List;

/**
 * One of the four service types a provider can implement, with the word users read in messages
 * ("unknown optimizer 'adms'"). The four constants are the only instances.
 *
 * <p>Stability: stable.
 *
 * @param <P> the service type
 */
public final class ProviderKind<P extends Provider> {

    /** {@link OptimizerProvider}: gradient-based update rules. */
    public static final ProviderKind<OptimizerProvider> OPTIMIZER = new ProviderKind<>(OptimizerProvider.class, "optimizer", "optimizer");

    /** {@link TrainerProvider}: training algorithms that are not a gradient step. */
    public static final ProviderKind<TrainerProvider> TRAINER = new ProviderKind<>(TrainerProvider.class, "trainer", "trainer");

    /** {@link ModelProvider}: network architectures. */
    public static final ProviderKind<ModelProvider> MODEL = new ProviderKind<>(ModelProvider.class, "model", "model");

    /** {@link DatasetProvider}: data sets. */
    public static final ProviderKind<DatasetProvider> DATASET = new ProviderKind<>(DatasetProvider.class, "data set", "dataset");

    private static final List<ProviderKind<?>> ALL = List.of(OPTIMIZER, TRAINER, MODEL, DATASET);

    private final Class<P> type;
    private final String noun;
    private final String option;

    private ProviderKind(Class<P> type, String noun, String option) {
        this.type = type;
        this.noun = noun;
        this.option = option;
    }

    /** All four kinds, in the order {@code descent list} prints them. */
    public static List<ProviderKind<?>> all() {
        return ALL;
    }

    /** The service interface. */
    public Class<P> type() {
        return type;
    }

    /** The lower-case word for messages: "optimizer", "trainer", "model", "data set". */
    public String noun() {
        return noun;
    }

    /**
     * The command-line option that picks a provider of this kind, which is also the prefix that
     * sends a hyperparameter to it: "optimizer", "trainer", "model", "dataset"
     * ({@code --dataset cifar10 --dataset.batches 2}).
     */
    public String option() {
        return option;
    }

    @Override
    public String toString() {
        return noun;
    }
}
