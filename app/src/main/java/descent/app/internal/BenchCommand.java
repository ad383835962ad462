package descent.app.internal;

import com.google.inject.name.Named;
import descent.api.DescentException;
import descent.api.Hyperparameters;
import descent.api.data.Dataset;
import descent.api.data.DatasetProvider;
import descent.api.data.DatasetRequest;
import descent.api.data.Scaling;
import descent.engine.Benchmark;
import descent.engine.plugins.Registry;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code descent bench}: descent's engine against plain DL4J on the same MLP epoch, alternating in
 * one run, one native thread each; prints per-round times, the medians and their ratio.
 */
final class BenchCommand {

    private final Registry registry;
    private final PrintStream out;

    @Inject
    BenchCommand(Registry registry, @Named("out") PrintStream out) {
        this.registry = registry;
        this.out = out;
    }

    int run(Args args) {
        String datasetId = args.take("dataset", "fashion-mnist");
        Optional<Path> dataDir = Optional.ofNullable(args.take("data-dir", null)).map(Path::of);
        int rounds = args.takeInt("rounds", 5, 1);
        String hidden = args.take("hidden", "64,32");
        int batch = args.takeInt("batch-size", 64, 1);
        double lr = args.takeReal("lr", 0.1, true);
        int threads = args.takeInt("threads", 1, 1);
        if (!args.remaining().isEmpty()) {
            throw new DescentException("unknown option '--" + args.remaining().keySet().iterator().next()
                    + "' for bench; known: --dataset, --data-dir, --rounds, --hidden, --batch-size, --lr, --threads");
        }
        Devices.useThreads(threads);
        DatasetProvider provider = registry.dataset(datasetId);
        Dataset data = Scaling.UNIT.apply(provider.load(new DatasetRequest(dataDir,
                Hyperparameters.defaults("data set '" + datasetId + "'", provider.hyperparameters()), 1)));
        out.printf("bench: mlp %s on %s (%d examples), batch %d, lr %s, %d native thread(s), %d rounds after a warm-up%n",
                hidden, datasetId, data.train().size(), batch, lr, threads, rounds);
        new Benchmark(data, registry.optimizer("sgd"), hidden, batch, lr).run(rounds, out);
        return 0;
    }
}
