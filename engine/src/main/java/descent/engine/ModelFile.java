package descent.engine;

import descent.api.model.Model;
import descent.engine.internal.fast.FastNetwork;
import descent.engine.internal.model.Dl4jModel;
import descent.engine.report.AtomicFiles;
import java.nio.file.Path;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A trained network as a DL4J {@code model.zip}: what {@code ModelSerializer.restoreMultiLayerNetwork}
 * loads in any DL4J program, with the parameters the run ended with (whichever executor trained
 * them: the fast executor works on DL4J's own parameter vector) and no updater state (descent's
 * optimizer state is in {@code checkpoint.zip}).
 */
public final class ModelFile {

    /** The file name a run writes. */
    public static final String NAME = "model.zip";

    private ModelFile() {
    }

    /**
     * Writes {@code model} to {@code file} atomically (a crash leaves the previous file or none).
     *
     * @return false, writing nothing, if the model is not a DL4J network (a plugin's own model)
     */
    public static boolean write(Model model, Path file) {
        Optional<MultiLayerNetwork> network = network(model);
        if (network.isEmpty()) {
            return false;
        }
        AtomicFiles.write(file, out -> ModelSerializer.writeModel(network.get(), out, false));
        return true;
    }

    private static Optional<MultiLayerNetwork> network(Model model) {
        if (model instanceof Dl4jModel d) {
            return Optional.of(d.network());
        }
        if (model instanceof FastNetwork f) {
            return Optional.of(f.reference().network());
        }
        return Optional.empty();
    }
}
