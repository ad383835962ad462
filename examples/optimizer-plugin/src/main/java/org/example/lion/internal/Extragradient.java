package org.example.lion.internal;

import descent.api.Snapshot;
import descent.api.optim.Optimizer;
import descent.api.optim.Step;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The extragradient method (Korpelevich 1976, "The extragradient method for finding saddle points
 * and other problems"), with α the learning rate and γ the extrapolation factor:
 * <pre>
 *   θ̃ ← θ − γ α ∇L(θ)        (look ahead, with the step's gradient)
 *   θ ← θ − α ∇L(θ̃)          (step, with the gradient at the look-ahead point)
 * </pre>
 * The second gradient comes from {@link Step#oracle()}, on the same mini-batch. On the gradient
 * flow dθ/dt = −∇L(θ) it is a two-stage Runge-Kutta method: γ = 1/2 is the explicit midpoint rule
 * (order 2), γ = 1 Korpelevich's method (order 1, made for saddle-point problems, where gradient
 * descent spirals out and it does not). On a quadratic with curvature λ one step multiplies the
 * error by 1 − αλ + γ(αλ)², so γ = 1 is stable only for αλ &lt; 1, half of gradient descent's
 * range. Without state.
 */
final class Extragradient implements Optimizer {

    private final double gamma;

    /** @param gamma γ in (0, 1] */
    Extragradient(double gamma) {
        this.gamma = gamma;
    }

    @Override
    public void initialize(long numParameters) {
        if (numParameters < 1) {
            throw new IllegalArgumentException("extragradient needs at least one parameter, got " + numParameters);
        }
    }

    @Override
    public void step(Step step) {
        INDArray theta = step.parameters();
        double lr = step.learningRate();
        // The look-ahead point is a new array: θ itself is needed again for the step.
        INDArray ahead = theta.sub(step.gradient().reshape('c', theta.shape()).mul(gamma * lr));
        // One more gradient evaluation on this mini-batch. It returns a fresh array we own, and
        // reuses the buffer of step.gradient(), which must not be read after this line.
        INDArray g = step.oracle().evaluate(ahead).gradient();
        theta.subi(g.reshape('c', theta.shape()).castTo(theta.dataType()).muli(lr));
    }

    @Override
    public Snapshot exportState() {
        return Snapshot.EMPTY;
    }

    @Override
    public void importState(Snapshot state) {
    }
}
