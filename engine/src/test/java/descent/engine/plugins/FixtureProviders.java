package descent.engine.plugins;

import descent.api.Hyperparameters;
import descent.api.data.Dataset;
import descent.api.data.DatasetProvider;
import descent.api.data.DatasetRequest;
import descent.api.model.Model;
import descent.api.model.ModelProvider;
import descent.api.model.ModelSpec;
import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import descent.api.train.Trainer;
import descent.api.train.TrainerProvider;

/**
 * Built-in providers of the tests, one per kind, registered in {@code META-INF/services} of the test
 * class path. Discovery only reads their ids, so their factories are never called.
 */
final class FixtureProviders {

    static final String OPTIMIZER_ID = "fixture-gd";
    static final String TRAINER_ID = "fixture-trainer";
    static final String MODEL_ID = "fixture-mlp";
    static final String DATASET_ID = "fixture-rings";

    private FixtureProviders() {
    }

    /** A built-in optimizer. */
    public static final class Gd implements OptimizerProvider {
        @Override
        public String id() {
            return OPTIMIZER_ID;
        }

        @Override
        public Optimizer create(Hyperparameters hyperparameters) {
            throw new UnsupportedOperationException("discovery fixture");
        }
    }

    /** A built-in trainer. */
    public static final class Tp implements TrainerProvider {
        @Override
        public String id() {
            return TRAINER_ID;
        }

        @Override
        public Trainer create(Hyperparameters hyperparameters) {
            throw new UnsupportedOperationException("discovery fixture");
        }
    }

    /** A built-in model. */
    public static final class Mlp implements ModelProvider {
        @Override
        public String id() {
            return MODEL_ID;
        }

        @Override
        public Model create(ModelSpec spec, Hyperparameters hyperparameters) {
            throw new UnsupportedOperationException("discovery fixture");
        }
    }

    /** A built-in data set. */
    public static final class Rings implements DatasetProvider {
        @Override
        public String id() {
            return DATASET_ID;
        }

        @Override
        public Dataset load(DatasetRequest request) {
            throw new UnsupportedOperationException("discovery fixture");
        }
    }
}
