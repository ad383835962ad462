package descent.optimizers.targetprop;

import descent.api.Hyperparameters;
import descent.api.Provider;
import descent.api.data.Dataset;
import descent.api.data.DatasetProvider;
import descent.api.data.DatasetRequest;
import descent.api.data.Scaling;
import descent.api.model.Model;
import descent.api.model.ModelProvider;
import descent.api.model.ModelSpec;
import descent.api.optim.OptimizerCatalog;
import descent.api.train.Trainer;
import descent.api.train.TrainerProvider;
import descent.engine.EpochMetrics;
import descent.engine.Training;
import descent.engine.TrainingListener;
import descent.engine.plugins.Registry;
import descent.engine.schedule.Schedules;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Real providers, found the way the app finds them, and short training runs through the engine. */
final class Fixtures {

    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    private Fixtures() {
    }

    static <P extends Provider> P provider(Class<P> type, String id) {
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

    /** The application's optimizers, as the engine hands them to trainers. */
    static final OptimizerCatalog OPTIMIZERS = Registry.builder().build().optimizerCatalog();

    static Trainer trainer(String id, Map<String, String> options) {
        TrainerProvider p = provider(TrainerProvider.class, id);
        return p.create(Hyperparameters.of("trainer '" + id + "'", p.hyperparameters(), options), OPTIMIZERS);
    }

    /** An mlp with more of its hyperparameters given. */
    static Model mlp(Dataset data, Map<String, String> options, long seed) {
        ModelProvider p = provider(ModelProvider.class, "mlp");
        return p.create(new ModelSpec(data.featureShape(), data.classes(), seed),
                Hyperparameters.of("model 'mlp'", p.hyperparameters(), options));
    }

    /** Trains through the engine with a constant --lr (used by dtp only). */
    static List<EpochMetrics> train(Model model, Dataset data, String id, Trainer trainer, int epochs, int batch, double lr, long seed) {
        return train(model, data, id, trainer, epochs, batch, lr, seed, new TrainingListener() { });
    }

    static List<EpochMetrics> train(Model model, Dataset data, String id, Trainer trainer, int epochs, int batch, double lr, long seed,
            TrainingListener listener) {
        return Training.builder().model(model).data(data).trainer(id, trainer)
                .schedule(Schedules.parse("constant", lr, epochs))
                .epochs(epochs).batchSize(batch).seed(seed).listener(listener).build().run();
    }

    /** The first epoch (from 1) after which the training accuracy is 1, or -1; stops nothing. */
    static final class FirstPerfectEpoch implements TrainingListener {
        private final Model model;
        private final Dataset data;
        int epoch = -1;

        FirstPerfectEpoch(Model model, Dataset data) {
            this.model = model;
            this.data = data;
        }

        @Override
        public void epochDone(EpochMetrics m) {
            if (epoch < 0 && trainAccuracy(model, data) == 1.0) {
                epoch = m.epoch();
            }
        }
    }

    /** Accuracy of the model on the training split. */
    static double trainAccuracy(Model model, Dataset data) {
        var predicted = Nd4j.argMax(model.output(data.train().features()), 1);
        var actual = Nd4j.argMax(data.train().labels(), 1);
        return predicted.eq(actual).castTo(DataType.INT).sumNumber().doubleValue() / data.train().size();
    }

    /** A rows x cols double matrix of N(0, sd^2) entries in row-major order. */
    static org.nd4j.linalg.api.ndarray.INDArray gaussian(java.util.SplittableRandom r, int rows, int cols, double sd) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = sd * r.nextGaussian();
        }
        return Nd4j.create(v, new long[] {rows, cols}, 'c');
    }
}
