package descent.engine.schedule;

import descent.api.DescentException;
import descent.api.Stability;
import descent.api.optim.GradientOracle;
import descent.engine.internal.grad.GradientOps;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the engine does to every gradient before an optimizer sees it, the ones its
 * {@link GradientOracle} returns included: L2 weight decay, then clipping by value, then clipping by
 * global L2 norm, each off unless configured.
 *
 * <ol>
 *   <li>Weight decay λ ({@code --weight-decay}, ≥ 0, 0 = off) adds λ/2·‖θ‖² to the loss and λθ to
 *       the gradient, so loss and gradient stay those of one objective (the decayed loss). It applies
 *       to the whole flat parameter vector, biases included.</li>
 *   <li>Clipping by value c ({@code --clip-value}, > 0) clamps each element to [−c, c].</li>
 *   <li>Clipping by norm m ({@code --clip-norm}, > 0) rescales the gradient to norm m when its
 *       norm is above m, and leaves it bit-for-bit unchanged otherwise.</li>
 * </ol>
 * Clipping comes after decay so that it bounds the step actually taken; it changes the gradient
 * but not the reported loss.
 *
 * @param clipValue the clamp c, or {@link Double#POSITIVE_INFINITY} for none
 * @param clipNorm the largest gradient norm m, or {@link Double#POSITIVE_INFINITY} for none
 * @param weightDecay the L2 coefficient λ, 0 for none
 */
@Stability(Stability.Level.EXPERIMENTAL)
public record GradientTransform(double clipValue, double clipNorm, double weightDecay) {

    /** No decay and no clipping. */
    public static final GradientTransform NONE = new GradientTransform(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0);

    /** Validates each field, naming the flag that sets it. */
    public GradientTransform {
        if (!(clipValue > 0)) {
            throw new DescentException("clip value (--clip-value) must be > 0, got '" + clipValue + "'");
        }
        if (!(clipNorm > 0)) {
            throw new DescentException("clip norm (--clip-norm) must be > 0, got '" + clipNorm + "'");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new DescentException("weight decay (--weight-decay) must be >= 0 and finite, got '" + weightDecay + "'");
        }
    }

    /**
     * Reads the three command-line flags; {@code null} means the flag was not given.
     *
     * @throws DescentException naming the flag if a value is not a number or out of range
     */
    public static GradientTransform fromFlags(String clipValue, String clipNorm, String weightDecay) {
        return new GradientTransform(flag("--clip-value", clipValue, Double.POSITIVE_INFINITY),
                flag("--clip-norm", clipNorm, Double.POSITIVE_INFINITY), flag("--weight-decay", weightDecay, 0));
    }

    private static double flag(String name, String raw, double absent) {
        if (raw == null) {
            return absent;
        }
        try {
            return Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw new DescentException(name + " must be a number, got '" + raw + "'", e);
        }
    }

    /** This with clipping by value at {@code c} (> 0). */
    public GradientTransform withClipValue(double c) {
        return new GradientTransform(c, clipNorm, weightDecay);
    }

    /** This with clipping by norm at {@code max} (> 0). */
    public GradientTransform withClipNorm(double max) {
        return new GradientTransform(clipValue, max, weightDecay);
    }

    /** This with weight decay {@code lambda} (≥ 0). */
    public GradientTransform withWeightDecay(double lambda) {
        return new GradientTransform(clipValue, clipNorm, lambda);
    }

    /** Whether every gradient passes through unchanged. */
    public boolean isIdentity() {
        return clipValue == Double.POSITIVE_INFINITY && clipNorm == Double.POSITIVE_INFINITY && weightDecay == 0;
    }

    /**
     * Transforms {@code gradient} in place, in the order above.
     *
     * @param loss L(θ) without weight decay
     * @param theta the parameters the gradient was taken at; read only
     * @param gradient ∇L(θ), same length as θ; modified in place
     * @return the loss with weight decay added
     */
    public double apply(double loss, INDArray theta, INDArray gradient) {
        double total = loss;
        if (weightDecay > 0) {
            GradientOps.addWeightDecay(gradient, theta, weightDecay);
            total += GradientOps.weightDecayPenalty(theta, weightDecay);
        }
        if (clipValue != Double.POSITIVE_INFINITY) {
            GradientOps.clipByValue(gradient, clipValue);
        }
        if (clipNorm != Double.POSITIVE_INFINITY) {
            GradientOps.clipByNorm(gradient, clipNorm);
        }
        return total;
    }

    /** λ/2·‖θ‖², the weight-decay term {@link #apply} adds to the loss (0 without decay). */
    public double penalty(INDArray theta) {
        return weightDecay > 0 ? GradientOps.weightDecayPenalty(theta, weightDecay) : 0;
    }

    /**
     * An oracle whose evaluations are those of {@code raw} passed through {@link #apply}: the
     * loss gains the decay term and the (fresh, caller-owned) gradient is transformed in place.
     * Returns {@code raw} itself when {@link #isIdentity()}.
     */
    public GradientOracle wrap(GradientOracle raw) {
        if (isIdentity()) {
            return raw;
        }
        return theta -> {
            GradientOracle.Evaluation e = raw.evaluate(theta);
            double loss = apply(e.loss(), theta, e.gradient());
            return new GradientOracle.Evaluation(loss, e.gradient());
        };
    }

    /** The active transforms as flags, e.g. {@code --weight-decay 0.0005 --clip-norm 5}, or {@code none}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (weightDecay > 0) {
            parts.add("--weight-decay " + Schedules.format(weightDecay));
        }
        if (clipValue != Double.POSITIVE_INFINITY) {
            parts.add("--clip-value " + Schedules.format(clipValue));
        }
        if (clipNorm != Double.POSITIVE_INFINITY) {
            parts.add("--clip-norm " + Schedules.format(clipNorm));
        }
        return parts.isEmpty() ? "none" : String.join(" ", parts);
    }
}
