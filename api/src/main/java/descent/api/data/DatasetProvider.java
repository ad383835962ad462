package descent.api.data;

import descent.api.Provider;
import descent.api.Stability;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Loads one data set by id ({@code fashion-mnist}, {@code rings}): train and test splits, either
 * from files in a directory or generated.
 */
@Stability(Stability.Level.STABLE)
public interface DatasetProvider extends Provider {

    /**
     * Where the files are looked for unless the user gives {@code --data-dir}; empty for a data set
     * that needs no files (generated or shipped inside the jar).
     */
    default Optional<Path> defaultDirectory() {
        return Optional.empty();
    }

    /**
     * The files this data set reads from {@code directory}, for {@code descent doctor} and for
     * error messages; empty for a data set that needs none.
     */
    default List<String> requiredFiles() {
        return List.of();
    }

    /**
     * Loads both splits. Features come in their natural units (pixels 0..255); the engine scales
     * them (see {@link Scaling}).
     *
     * @throws descent.api.DescentException naming the file and what is wrong with it: missing,
     *     wrong magic number, truncated, counts that disagree, wrong dimensions
     */
    Dataset load(DatasetRequest request);
}
