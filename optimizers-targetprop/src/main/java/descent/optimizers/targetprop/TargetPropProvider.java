package descent.optimizers.targetprop;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import descent.api.optim.OptimizerCatalog;
import descent.api.train.Trainer;
import descent.api.train.TrainerProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * What the target-propagation trainers share: the noise the inverses are trained on and their
 * number of updates per step (both optionally per layer), the backprop-angle diagnostic, and the
 * frozen-hidden control arm. Each subclass declares its own target step, σ default and rules.
 */
abstract class TargetPropProvider implements TrainerProvider {

    private static final List<Hyperparameter> COMMON = List.of(
            Hyperparameter.text("sigma-per-layer", "",
                    "one sigma per inverse, comma-separated, from the lowest (blank: sigma for every inverse)"),
            Hyperparameter.integer("inverse-steps", 1, Range.atLeast(1),
                    "K1: updates of every inverse per step, each on fresh noise"),
            Hyperparameter.text("inverse-steps-per-layer", "",
                    "one K1 per inverse, comma-separated, from the lowest (blank: inverse-steps for every inverse)"),
            Hyperparameter.integer("angle-every", 10, Range.atLeast(0),
                    "diagnostic: compare the update with the backprop gradient on every this-many-th step of an epoch"
                            + " (from its first; 1 = every step, 0 = never); each comparison costs a backward pass"),
            Hyperparameter.bool("freeze-hidden", false,
                    "control arm: the hidden layers and inverses never move, only the output layer trains (shows what the hidden layers add)"));

    /** Hyperparameters beyond the common ones, first in {@code descent list}. */
    abstract List<Hyperparameter> ownHyperparameters();

    /** The settings for validated values. */
    abstract Settings settings(Hyperparameters hp);

    @Override
    public final List<Hyperparameter> hyperparameters() {
        List<Hyperparameter> all = new ArrayList<>(ownHyperparameters());
        all.addAll(COMMON);
        return List.copyOf(all);
    }

    @Override
    public final Trainer create(Hyperparameters hp) {
        return new TargetPropTrainer(settings(hp), null);
    }

    @Override
    public final Trainer create(Hyperparameters hp, OptimizerCatalog optimizers) {
        return new TargetPropTrainer(settings(hp), optimizers);
    }

    static Hyperparameter sigma(double fallback) {
        return Hyperparameter.real("sigma", fallback, Range.greaterThan(0), "standard deviation of the Gaussian noise the inverses are trained on");
    }

    static Hyperparameter eta() {
        return Hyperparameter.real("eta", 1.0, Range.greaterThan(0),
                "first target step: target = z_L - eta * dLoss/dz_L (or h_{L-1} - eta * dLoss/dh_{L-1}), the cross-entropy summed over the batch (1 = the thesis)");
    }

    static String sigmaPerLayer(Hyperparameters hp) {
        return hp.text("sigma-per-layer");
    }

    static String inverseStepsPerLayer(Hyperparameters hp) {
        return hp.text("inverse-steps-per-layer");
    }

    static int angleEvery(Hyperparameters hp) {
        return Math.toIntExact(hp.integer("angle-every"));
    }

    static int inverseSteps(Hyperparameters hp) {
        return Math.toIntExact(hp.integer("inverse-steps"));
    }

    static boolean freezeHidden(Hyperparameters hp) {
        return hp.bool("freeze-hidden");
    }
}
