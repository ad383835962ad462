package descent.engine;

import descent.api.Hyperparameters;
import descent.api.data.Dataset;
import descent.api.data.DatasetProvider;
import descent.api.data.DatasetRequest;
import descent.api.data.Scaling;
import descent.api.model.Model;
import descent.api.model.ModelProvider;
import descent.api.model.ModelSpec;
import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** Real providers, found the way the app finds them, for engine tests. */
final class TrainingFixtures {

    private TrainingFixtures() {
    }

    static <P extends descent.api.Provider> P provider(Class<P> type, String id) {
        return ServiceLoader.load(type).stream().map(ServiceLoader.Provider::get).filter(p -> p.id().equals(id))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " '" + id + "'"));
    }

    static Dataset dataset(String id, long seed, Map<String, String> options) {
        DatasetProvider p = provider(DatasetProvider.class, id);
        return Scaling.UNIT.apply(p.load(new DatasetRequest(Optional.empty(),
                Hyperparameters.of("data set '" + id + "'", p.hyperparameters(), options), seed)));
    }

    static Model mlp(Dataset data, String hidden, long seed) {
        ModelProvider p = provider(ModelProvider.class, "mlp");
        return p.create(new ModelSpec(data.featureShape(), data.classes(), seed),
                Hyperparameters.of("model 'mlp'", p.hyperparameters(), Map.of("hidden", hidden)));
    }

    static Optimizer optimizer(String id, Map<String, String> options) {
        OptimizerProvider p = provider(OptimizerProvider.class, id);
        return p.create(Hyperparameters.of("optimizer '" + id + "'", p.hyperparameters(), options));
    }

    /** Training accuracy of a model on the data's training split. */
    static double trainAccuracy(Model model, Dataset data) {
        var predicted = org.nd4j.linalg.factory.Nd4j.argMax(model.output(data.train().features()), 1);
        var actual = org.nd4j.linalg.factory.Nd4j.argMax(data.train().labels(), 1);
        return predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().doubleValue() / data.train().size();
    }
}
