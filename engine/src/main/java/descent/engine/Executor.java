package descent.engine;

import descent.api.DescentException;
import descent.api.Stability;
import descent.api.model.Model;
import descent.engine.internal.fast.FastNetwork;
import descent.engine.internal.model.Dl4jModel;
import java.util.Locale;

/**
 * What runs a model's forward and backward passes ({@code --executor}).
 *
 * <ul>
 *   <li>{@link #FAST}, the default: the network is compiled into a fixed plan of OpenBLAS
 *       products and Java loops over buffers allocated once, sharing DL4J's parameter array and
 *       layout. A network with a layer the plan cannot run falls back to DL4J, and says why.</li>
 *   <li>{@link #DL4J}: DL4J's own {@code MultiLayerNetwork} backpropagation, the reference.</li>
 * </ul>
 * Models that plugins provide, which are not DL4J networks, run as they are under either choice.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public enum Executor {
    FAST, DL4J;

    /**
     * The executor that ran, and, when it is not the one asked for, why.
     *
     * @param model the model to train
     * @param executor {@code fast}, {@code dl4j}, or {@code model} (a plugin's own model)
     * @param kernels for {@code fast}: which kernels run (float32 with or without the Vector API's
     *     direct convolutions, or the precision-generic ones); else null
     * @param note why the executor asked for does not run, or null
     */
    public record Selection(Model model, String executor, String kernels, String note) {
    }

    /** {@code fast} or {@code dl4j}. */
    public static Executor parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "fast" -> FAST;
            case "dl4j" -> DL4J;
            default -> throw new DescentException("--executor must be fast or dl4j, got '" + text + "'");
        };
    }

    /** One line on what the fast executor can use in this JVM, for {@code descent doctor}. */
    public static String describeFast() {
        return descent.engine.internal.fast.VectorSupport.AVAILABLE
                ? "Vector API (jdk.incubator.vector) resolved: direct first-layer convolutions and vectorised loops"
                : "Vector API not resolved (DESCENT_NO_VECTOR, or a JDK without jdk.incubator.vector): plain Java loops";
    }

    /** The id users type. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code model} as this executor runs it (the same object when it is already so). */
    public Selection apply(Model model) {
        if (!(model instanceof Dl4jModel dl4j)) {
            return model instanceof FastNetwork f ? new Selection(model, "fast", f.kernels(), null) : new Selection(model, "model", null, null);
        }
        if (this == DL4J) {
            return new Selection(model, "dl4j", null, null);
        }
        FastNetwork.Compiled c = FastNetwork.compile(dl4j);
        if (c.ok()) {
            return new Selection(c.network(), "fast", c.network().kernels(), null);
        }
        return new Selection(model, "dl4j", null, "the fast executor cannot run " + c.reason() + "; the DL4J executor runs this model");
    }
}
