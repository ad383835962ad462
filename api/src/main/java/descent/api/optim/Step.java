package descent.api.optim;

import descent.api.Stability;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One mini-batch step as the engine hands it to {@link Optimizer#step}. Valid only during that call.
 */
@Stability(Stability.Level.STABLE)
public interface Step {

    /** The flat parameter vector θ: an engine-owned view, to be updated in place. */
    INDArray parameters();

    /**
     * ∇L(θ) on this mini-batch, in the shape of {@link #parameters()}, at the parameters as they
     * were when the step began (weight decay
     * and clipping already applied). Engine-owned scratch, valid until the first
     * {@link #oracle()} call (which reuses the buffer): the optimizer may overwrite it (DL4J's
     * updaters turn it into the update in place) but must copy it to keep it.
     */
    INDArray gradient();

    /** L(θ) on this mini-batch at the parameters as they were when the step began. */
    double loss();

    /** Re-evaluates loss and gradient on this same mini-batch at other parameters. */
    GradientOracle oracle();

    /** The learning rate (step size α, or h for ODE solvers) for this step, from the engine's schedule. */
    double learningRate();

    /**
     * Steps taken before this one (0 for the first), across epochs and resumes; counted from this
     * optimizer's first step, so in a run that switches optimizer at an epoch the later one starts
     * again at 0.
     */
    long iteration();

    /** The epoch this step belongs to, from 0. */
    int epoch();

    /** Rows in this mini-batch (the last batch of an epoch may be smaller). */
    int batchSize();
}
