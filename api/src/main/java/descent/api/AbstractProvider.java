package descent.api;

import java.util.List;
import java.util.Objects;

/**
 * A base for providers whose id, description and hyperparameter declarations are fixed when they
 * are constructed, which is most of them: {@code class Lion extends AbstractProvider implements
 * OptimizerProvider}.
 */
@Stability(Stability.Level.STABLE)
public abstract class AbstractProvider implements Provider {

    private final String id;
    private final String description;
    private final List<Hyperparameter> hyperparameters;

    /**
     * @param id the id users type, lower-case words joined by '-'
     * @param description one line for {@code descent list}
     * @param hyperparameters the declarations, in the order {@code descent list} prints them (copied)
     */
    protected AbstractProvider(String id, String description, List<Hyperparameter> hyperparameters) {
        this.id = Objects.requireNonNull(id, "id");
        this.description = Objects.requireNonNull(description, "description");
        this.hyperparameters = List.copyOf(hyperparameters);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<Hyperparameter> hyperparameters() {
        return hyperparameters;
    }
}
