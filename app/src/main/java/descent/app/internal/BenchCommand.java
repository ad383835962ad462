package descent.app.internal;

import com.google.inject.name.Named;
import descent.api.DescentException;
import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Provider;
import descent.api.data.Dataset;
import descent.api.data.DatasetProvider;
import descent.api.data.DatasetRequest;
import descent.api.data.Scaling;
import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import descent.engine.Benchmark;
import descent.engine.OptimizerSpec;
import descent.engine.plugins.Registry;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code descent bench}: by default descent's engine against plain DL4J on the same MLP epoch,
 * alternating in one run, one native thread each; prints per-round times, the medians and their
 * ratio. With {@code --optimizers sgd,heavy-ball,rk4} it instead measures each optimizer's time
 * per step on that MLP against {@code sgd} (or the first listed), alternating within each round,
 * and the size of its state in parameter-sized buffers. Options the data set or an optimizer
 * declares (such as {@code --train-limit} or {@code --beta}) go to every provider that declares them.
 * With {@code --against torch}, {@link TorchBench} runs instead.
 */
final class BenchCommand {

    private final Registry registry;
    private final PrintStream out;

    /** The contender {@code --dl4j-baseline} adds: sgd on the DL4J executor. */
    static final String DL4J_SGD = "sgd-dl4j";

    @Inject
    BenchCommand(Registry registry, @Named("out") PrintStream out) {
        this.registry = registry;
        this.out = out;
    }

    int run(Args args) {
        if (args.has("against")) {
            String against = args.take("against", null);
            if (!"torch".equals(against)) {
                throw new DescentException("--against takes torch, got '" + against + "'");
            }
            return new TorchBench(out).run(args);
        }
        String datasetId = args.take("dataset", "fashion-mnist");
        Optional<Path> dataDir = Optional.ofNullable(args.take("data-dir", null)).map(Path::of);
        int rounds = args.takeInt("rounds", 5, 1);
        String hidden = args.take("hidden", "64,32");
        int batch = args.takeInt("batch-size", 64, 1);
        double lr = args.takeReal("lr", 0.1, true);
        int threads = args.takeInt("threads", 1, 1);
        String optimizers = args.take("optimizers", null);
        String trainers = args.take("trainers", null);
        boolean dl4jBaseline = args.flag("dl4j-baseline");
        if (trainers != null && optimizers == null) {
            optimizers = "sgd";
        }
        DatasetProvider provider = registry.dataset(datasetId);
        Map<String, OptimizerSpec> specs = new LinkedHashMap<>();
        if (optimizers != null) {
            for (String arm : CompareCommand.splitArms(optimizers)) {
                OptimizerSpec spec = OptimizerSpec.parse(arm);
                spec.resolve(registry);
                specs.put(spec.text(), spec);
            }
        }
        Map<String, Provider> providers = new LinkedHashMap<>();
        providers.put("dataset", provider);
        specs.values().forEach(s -> s.ids().forEach(id -> providers.put(id, registry.optimizer(id))));
        List<String> trainerIds = trainers == null ? List.of() : java.util.Arrays.stream(trainers.split(",")).map(String::trim).toList();
        trainerIds.forEach(id -> providers.put(id, registry.trainer(id)));
        Map<String, Map<String, String>> given = new LinkedHashMap<>();
        Set<String> declared = new LinkedHashSet<>();
        providers.values().forEach(p -> p.hyperparameters().forEach(h -> declared.add(h.name())));
        for (Map.Entry<String, String> e : args.remaining().entrySet()) {
            boolean used = false;
            for (Map.Entry<String, Provider> p : providers.entrySet()) {
                if (p.getValue().hyperparameters().stream().map(Hyperparameter::name).anyMatch(e.getKey()::equals)) {
                    given.computeIfAbsent(p.getKey(), k -> new LinkedHashMap<>()).put(e.getKey(), e.getValue());
                    used = true;
                }
            }
            if (!used) {
                throw new DescentException("unknown option '--" + e.getKey() + "' for bench; known: --dataset, --data-dir, --rounds,"
                        + " --hidden, --batch-size, --lr, --threads, --optimizers, --trainers"
                        + (declared.isEmpty() ? "" : ", --" + String.join(", --", declared)));
            }
        }
        Map<String, Hyperparameters> hp = new LinkedHashMap<>();
        providers.forEach((key, p) -> hp.put(key, Hyperparameters.of((key.equals("dataset") ? "data set '"
                : p instanceof descent.api.train.TrainerProvider ? "trainer '" : "optimizer '") + p.id() + "'",
                p.hyperparameters(), given.getOrDefault(key, Map.of()))));

        Devices.useThreads(threads);
        Dataset data = Scaling.UNIT.apply(provider.load(new DatasetRequest(dataDir, hp.get("dataset"), 1)));
        Benchmark benchmark = new Benchmark(data, registry.optimizer("sgd"), hidden, batch, lr);
        if (specs.isEmpty()) {
            out.printf("bench: mlp %s on %s (%d examples), batch %d, lr %s, %d native thread(s), %d rounds after a warm-up%n",
                    hidden, datasetId, data.train().size(), batch, lr, threads, rounds);
            benchmark.run(rounds, out);
            return 0;
        }
        Map<String, Supplier<Optimizer>> suppliers = new LinkedHashMap<>();
        specs.forEach((text, spec) -> suppliers.put(text, () -> spec.create(id ->
                ((OptimizerProvider) providers.get(id)).create(hp.get(id)))));
        Map<String, Supplier<descent.api.train.Trainer>> trainerSuppliers = new LinkedHashMap<>();
        for (String id : trainerIds) {
            trainerSuppliers.put(id, () -> ((descent.api.train.TrainerProvider) providers.get(id)).create(hp.get(id),
                    registry.optimizerCatalog()));
        }
        String reference = specs.containsKey("sgd") ? "sgd" : specs.keySet().iterator().next();
        Map<String, descent.engine.Executor> executors = new LinkedHashMap<>();
        if (dl4jBaseline) {
            // sgd on DL4J's MultiLayerNetwork in the same rotation: the executor the project started with
            OptimizerSpec sgd = OptimizerSpec.parse("sgd");
            sgd.resolve(registry);
            suppliers.put(DL4J_SGD, () -> sgd.create(id -> ((OptimizerProvider) registry.optimizer(id)).create(
                    Hyperparameters.defaults("optimizer 'sgd'", registry.optimizer(id).hyperparameters()))));
            executors.put(DL4J_SGD, descent.engine.Executor.DL4J);
        }
        out.printf("bench: per-step cost of %s on mlp %s, %s (%d examples), batch %d, lr %s, %d native thread(s), %d rounds after a warm-up;"
                + " times in ms per step%n", String.join(", ", java.util.stream.Stream.concat(specs.keySet().stream(),
                        trainerSuppliers.keySet().stream()).toList()), hidden, datasetId, data.train().size(),
                batch, lr, threads, rounds);
        benchmark.compareOptimizers(suppliers, trainerSuppliers, executors, reference, rounds, out);
        return 0;
    }
}
