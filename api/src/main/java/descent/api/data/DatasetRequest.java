package descent.api.data;

import descent.api.Hyperparameters;
import descent.api.Stability;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What to load.
 *
 * @param directory the directory the user gave ({@code --data-dir}), or empty for the provider's default
 * @param hyperparameters the provider's options, validated (sample counts, noise of synthetic sets)
 * @param seed seed for generated data and for seeded splits
 */
@Stability(Stability.Level.STABLE)
public record DatasetRequest(Optional<Path> directory, Hyperparameters hyperparameters, long seed) {
}
