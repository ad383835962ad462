package descent.engine.schedule;

import descent.engine.plugins.Suggestions;
import descent.api.DescentException;
import descent.api.Stability;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * Parses {@code --schedule} specs into {@link LearningRateSchedule}s and lists the kinds for
 * {@code descent list}.
 *
 * <h2>Grammar</h2>
 * <pre>
 *   spec   = kind [ ":" field { "," field } ]
 *   field  = key "=" value
 * </pre>
 * Kinds and keys are case-insensitive; blanks around them are ignored. Numbers are Java decimals
 * ({@code 0.1}, {@code 1e-4}). Epochs count from 0, as in {@link descent.api.optim.EpochPlan}: e is
 * the epoch about to run, E the number of epochs in the run and η₀ the base rate ({@code --lr}). An
 * epoch number in a spec is therefore the number of epochs completed: {@code multistep:20=0.01}
 * changes the rate after 20 epochs, from the epoch {@code metrics.csv} prints as 21 (as PyTorch's
 * {@code MultiStepLR} milestones do).
 * <ul>
 *   <li>{@code constant}: η₀ throughout.</li>
 *   <li>{@code step:every=N[,gamma=0.1]}: η₀·gamma^⌊e/N⌋.</li>
 *   <li>{@code multistep:E1=R1,E2=R2,...}: rate Ri from epoch Ei on (η₀ before E1); the epochs
 *       increase and lie in 1..E−1; {@code xF} instead of a rate means F times the previous rate.
 *       The thesis' "0.1, then 0.01 at epoch 20, then 0.001 at 35" is {@code --lr 0.1 --schedule
 *       multistep:20=0.01,35=0.001} (or {@code multistep:20=x0.1,35=x0.1}).</li>
 *   <li>{@code exponential:gamma=G}: η₀·G^e.</li>
 *   <li>{@code inverse:gamma=G[,power=1]}: η₀/(1 + G·e)^power.</li>
 *   <li>{@code poly[:power=1,final=0]}: final + (η₀ − final)·(1 − e/E)^power.</li>
 *   <li>{@code cosine[:min=0,per=epoch]}: min + (η₀ − min)·(1 + cos(π·e/E))/2.</li>
 *   <li>{@code sgdr:t0=T[,mult=1,min=0,per=epoch]}: the cosine within cycles of T, T·mult,
 *       T·mult², ... epochs, restarting at η₀.</li>
 *   <li>{@code cyclic:max=M,period=P[,mode=triangular]}: triangular between η₀ and M, one full
 *       cycle per P epochs ({@code period=2000it}: per 2000 iterations); {@code triangular2} halves
 *       the amplitude every cycle.</li>
 *   <li>{@code plateau[:factor=0.1,patience=10,min=0,threshold=0.0001,cooldown=0]}: η₀, multiplied by
 *       factor after {@code patience} epochs in a row without a relative test-loss improvement of
 *       {@code threshold}.</li>
 * </ul>
 * Schedules that anneal to {@code min} or {@code final} reach it at the end of the run (e = E), so
 * every epoch of the run has a rate above it. With {@code per=iteration}, cosine and SGDR use the
 * fractional epoch and change the rate every step.
 *
 * <p>A spec that cannot be parsed fails with a one-line {@link DescentException} naming the kind,
 * the field and the offending value.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class Schedules {

    private static final List<String> PER = List.of("epoch", "iteration");

    private record Kind(ScheduleKind info, List<String> fields, Factory factory) {
    }

    @FunctionalInterface
    private interface Factory {
        LearningRateSchedule create(SpecFields fields, double baseLr, int epochs);
    }

    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        kind("constant", "constant", "the base rate (--lr) throughout", "constant", List.of(),
                (f, lr, epochs) -> new Dl4jSchedule("constant", new FixedSchedule(lr)));
        kind("step", "step:every=N[,gamma=0.1]", "lr·gamma^floor(epoch/N): multiplied by gamma every N epochs",
                "step:every=10,gamma=0.5", List.of("every", "gamma"), Schedules::step);
        kind("multistep", "multistep:E1=R1[,E2=R2...]",
                "rate Ri from epoch Ei on (epochs from 0, increasing); xF for F times the previous rate",
                "multistep:20=0.01,35=0.001", null, Schedules::multistep);
        kind("exponential", "exponential:gamma=G", "lr·G^epoch", "exponential:gamma=0.95", List.of("gamma"),
                (f, lr, epochs) -> {
                    double gamma = f.positive("gamma", null);
                    return new Dl4jSchedule("exponential:gamma=" + format(gamma), new ExponentialSchedule(ScheduleType.EPOCH, lr, gamma));
                });
        kind("inverse", "inverse:gamma=G[,power=1]", "lr/(1 + G·epoch)^power (inverse-time decay)", "inverse:gamma=0.01,power=1",
                List.of("gamma", "power"), (f, lr, epochs) -> {
                    double gamma = f.positive("gamma", null);
                    double power = f.positive("power", 1.0);
                    return new Dl4jSchedule("inverse:gamma=" + format(gamma) + ",power=" + format(power),
                            new InverseSchedule(ScheduleType.EPOCH, lr, gamma, power));
                });
        kind("poly", "poly[:power=1,final=0]", "final + (lr − final)·(1 − epoch/epochs)^power, reaching final at the end of the run",
                "poly:power=2,final=0", List.of("power", "final"), (f, lr, epochs) -> {
                    double power = f.positive("power", 1.0);
                    double last = belowBase(f, "final", lr);
                    return new PolynomialSchedule(lr, power, last, epochs);
                });
        kind("cosine", "cosine[:min=0,per=epoch]",
                "min + (lr − min)·(1 + cos(π·epoch/epochs))/2, reaching min at the end of the run; per=iteration updates every step",
                "cosine:min=0.0001", List.of("min", "per"), (f, lr, epochs) -> {
                    double min = belowBase(f, "min", lr);
                    return new CosineSchedule(lr, min, epochs, f.choice("per", "epoch", PER).equals("iteration"));
                });
        kind("sgdr", "sgdr:t0=T[,mult=1,min=0,per=epoch]",
                "cosine from lr to min within cycles of T, T·mult, T·mult², ... epochs, restarting at lr (SGDR)",
                "sgdr:t0=10,mult=2,min=0", List.of("t0", "mult", "min", "per"), (f, lr, epochs) -> {
                    int t0 = f.integer("t0", null, 1);
                    double mult = f.number("mult", 1.0);
                    if (!(mult >= 1)) {
                        throw f.fail("mult", "must be >= 1", mult);
                    }
                    double min = belowBase(f, "min", lr);
                    return new WarmRestartSchedule(lr, min, t0, mult, f.choice("per", "epoch", PER).equals("iteration"));
                });
        kind("cyclic", "cyclic:max=M,period=P[,mode=triangular]",
                "triangular between lr and M, one cycle per P epochs (Pit: P iterations); triangular2 halves the amplitude each cycle",
                "cyclic:max=0.5,period=4", List.of("max", "period", "mode"), Schedules::cyclic);
        kind("plateau", "plateau[:factor=0.1,patience=10,min=0,threshold=0.0001,cooldown=0]",
                "lr·factor after `patience` epochs in a row without a relative test-loss improvement of `threshold`",
                "plateau:factor=0.1,patience=3", List.of("factor", "patience", "min", "threshold", "cooldown"), (f, lr, epochs) -> {
                    double factor = f.positive("factor", 0.1);
                    if (!(factor < 1)) {
                        throw f.fail("factor", "must be < 1", factor);
                    }
                    int patience = f.integer("patience", 10, 1);
                    double min = belowBase(f, "min", lr);
                    double threshold = f.nonNegative("threshold", 1e-4);
                    int cooldown = f.integer("cooldown", 0, 0);
                    return new PlateauSchedule(lr, factor, patience, min, threshold, cooldown);
                });
    }

    private Schedules() {
    }

    private static void kind(String id, String syntax, String summary, String example, List<String> fields, Factory factory) {
        KINDS.put(id, new Kind(new ScheduleKind(id, syntax, summary, example), fields, factory));
    }

    /**
     * Parses {@code spec} for a run of {@code epochs} epochs with base rate {@code baseLr}.
     *
     * @param spec e.g. {@code multistep:20=0.01,35=0.001}; see the class documentation
     * @param baseLr the rate at epoch 0 ({@code --lr}), > 0
     * @param epochs epochs in the run, ≥ 1 (poly and cosine anneal over them; multistep's epochs must lie within)
     * @return a fresh schedule, owned by the caller
     * @throws DescentException naming the offending value if the spec, rate or epoch count is invalid
     */
    public static LearningRateSchedule parse(String spec, double baseLr, int epochs) {
        if (!(baseLr > 0) || Double.isInfinite(baseLr)) {
            throw new DescentException("learning rate must be > 0, got '" + baseLr + "'");
        }
        if (epochs < 1) {
            throw new DescentException("epochs must be >= 1, got '" + epochs + "'");
        }
        if (spec == null || spec.isBlank()) {
            throw new DescentException("schedule spec is empty; use one of " + String.join(", ", KINDS.keySet())
                    + ", e.g. --schedule cosine:min=0.0001");
        }
        String trimmed = spec.trim();
        int colon = trimmed.indexOf(':');
        String id = (colon < 0 ? trimmed : trimmed.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        String body = colon < 0 ? "" : trimmed.substring(colon + 1);
        Kind kind = KINDS.get(id);
        if (kind == null) {
            throw new DescentException("unknown schedule '" + id + "'; known: " + String.join(", ", KINDS.keySet())
                    + Suggestions.didYouMean(id, KINDS.keySet()));
        }
        SpecFields fields = SpecFields.parse(id, body, kind.fields(), kind.info().example());
        return kind.factory().create(fields, baseLr, epochs);
    }

    /** The base rate throughout (what the engine uses without {@code --schedule}). */
    public static LearningRateSchedule constant(double baseLr) {
        return parse("constant", baseLr, 1);
    }

    /** The kinds, in the order {@code descent list} shows them. */
    public static List<ScheduleKind> kinds() {
        List<ScheduleKind> kinds = new ArrayList<>();
        KINDS.values().forEach(k -> kinds.add(k.info()));
        return List.copyOf(kinds);
    }

    /** A listing of the kinds for {@code descent list}: one line each, syntax then summary. */
    public static String help() {
        int width = KINDS.values().stream().mapToInt(k -> k.info().syntax().length()).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (Kind k : KINDS.values()) {
            sb.append("  ").append(String.format(Locale.ROOT, "%-" + width + "s", k.info().syntax()))
                    .append("  ").append(k.info().summary()).append('\n');
        }
        return sb.toString();
    }

    /** A number as it reads back: no trailing zeros, no exponent ({@code 0.0001}, {@code 2}). */
    static String format(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static double belowBase(SpecFields f, String key, double lr) {
        double v = f.nonNegative(key, 0.0);
        if (!(v < lr)) {
            throw f.fail(key, "must be < the base learning rate " + format(lr), v);
        }
        return v;
    }

    private static LearningRateSchedule step(SpecFields f, double lr, int epochs) {
        int every = f.integer("every", null, 1);
        double gamma = f.positive("gamma", 0.1);
        return new Dl4jSchedule("step:every=" + every + ",gamma=" + format(gamma), new StepSchedule(ScheduleType.EPOCH, lr, gamma, every));
    }

    private static LearningRateSchedule multistep(SpecFields f, double lr, int epochs) {
        if (f.all().isEmpty()) {
            throw new DescentException("schedule 'multistep' needs at least one epoch=rate field; write e.g. --schedule "
                    + "multistep:20=0.01,35=0.001");
        }
        MapSchedule.Builder builder = new MapSchedule.Builder(ScheduleType.EPOCH).add(0, lr);
        int previousEpoch = 0;
        double previousRate = lr;
        List<String> canonical = new ArrayList<>();
        for (Map.Entry<String, String> e : f.all().entrySet()) {
            int epoch;
            try {
                epoch = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new DescentException("schedule 'multistep': '" + e.getKey() + "' is not an epoch number; write epoch=rate pairs, e.g. "
                        + "--schedule multistep:20=0.01,35=0.001", ex);
            }
            if (epoch < 1) {
                throw new DescentException("schedule 'multistep': epoch must be >= 1, got '" + e.getKey()
                        + "'; epoch 0 runs at the base rate, set it with --lr");
            }
            if (epoch <= previousEpoch) {
                throw new DescentException("schedule 'multistep': epochs must increase, got '" + epoch + "' after '" + previousEpoch + "'");
            }
            if (epoch >= epochs) {
                throw new DescentException("schedule 'multistep': epoch '" + epoch + "' is past the last epoch (" + (epochs - 1)
                        + ") of this " + epochs + "-epoch run; epochs count from 0");
            }
            String raw = e.getValue();
            boolean factor = raw.startsWith("x") || raw.startsWith("X") || raw.startsWith("*");
            double value = f.toNumber((factor ? "factor" : "rate") + " at epoch " + epoch, factor ? raw.substring(1) : raw);
            if (!(value > 0)) {
                throw new DescentException("schedule 'multistep': " + (factor ? "factor" : "rate") + " at epoch " + epoch + " must be > 0, got '"
                        + raw + "'");
            }
            double rate = factor ? previousRate * value : value;
            builder.add(epoch, rate);
            canonical.add(epoch + "=" + (factor ? "x" + format(value) : format(value)));
            previousEpoch = epoch;
            previousRate = rate;
        }
        return new Dl4jSchedule("multistep:" + String.join(",", canonical), builder.build());
    }

    private static LearningRateSchedule cyclic(SpecFields f, double lr, int epochs) {
        double max = f.positive("max", null);
        if (!(max > lr)) {
            throw f.fail("max", "must be > the base learning rate " + format(lr), max);
        }
        String raw = f.required("period").toLowerCase(Locale.ROOT);
        boolean iterations = raw.endsWith("it");
        double period;
        if (iterations) {
            period = f.toNumber("period", raw.substring(0, raw.length() - 2));
            if (!(period >= 2) || period != Math.rint(period)) {
                throw new DescentException("schedule 'cyclic': a period in iterations must be a whole number >= 2, got '" + f.required("period")
                        + "'");
            }
        } else {
            period = f.toNumber("period", raw.endsWith("ep") ? raw.substring(0, raw.length() - 2) : raw);
            if (!(period > 0)) {
                throw f.fail("period", "must be > 0", period);
            }
        }
        boolean halving = f.choice("mode", "triangular", List.of("triangular", "triangular2")).equals("triangular2");
        return new CyclicSchedule(lr, max, period, iterations, halving);
    }
}
