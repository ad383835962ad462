package descent.app.internal;

import descent.api.DescentException;
import descent.api.data.Dataset;
import descent.api.data.Split;
import descent.engine.report.Figure;
import descent.engine.report.LinePlot;
import descent.engine.report.Series;
import jakarta.inject.Inject;
import com.google.inject.name.Named;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code descent landscape RUN [RUN_B]}: the loss surface around trained networks (seed 004: sharp
 * and flat minima). With two runs, the loss and accuracy along the straight line between their final
 * parameters, θ(α) = (1 − α) θ_A + α θ_B (Goodfellow et al. 2015), and the barrier: the largest
 * rise of the loss above the chord between the two ends, max over α in [0, 1] of
 * L(α) − ((1 − α) L(0) + α L(1)) (Frankle et al. 2020). With one run, slices along random
 * filter-normalised directions (Li et al. 2018): every filter of the direction (a dense layer's
 * column, a convolution's output channel) scaled to the norm of the same filter in θ, biases left
 * at zero; {@code --dims 2} takes two such directions and a grid.
 *
 * <p>The runs are read from their folders: {@code model.zip} (the final parameters) and
 * {@code run.json} (the data set, scaled and split as it was trained on). Losses are the mean
 * cross-entropy without regularisation, on {@code --subset} seeded training rows and the whole test split.
 */
final class LandscapeCommand {

    private final TrainRunner runner;
    private final PrintStream out;

    @Inject
    LandscapeCommand(TrainRunner runner, @Named("out") PrintStream out) {
        this.runner = runner;
        this.out = out;
    }

    int run(Args args) {
        List<String> runs = args.positional();
        if (runs.isEmpty() || runs.size() > 2) {
            throw new DescentException("descent landscape takes one run folder (slices around it) or two (the line between them), got "
                    + runs.size() + "; e.g. descent landscape runs/sgd runs/adam");
        }
        int points = args.takeInt("points", runs.size() == 2 ? 41 : 31, 3);
        double margin = args.takeReal("margin", 0.25, false);
        double range = args.takeReal("range", 1.0, true);
        int dims = args.takeInt("dims", 1, 1);
        if (dims > 2) {
            throw new DescentException("--dims must be 1 or 2, got " + dims);
        }
        int subset = args.takeInt("subset", 5000, 1);
        long seed = args.takeLong("seed", 1);
        Path a = Path.of(runs.get(0));
        Path outDir = Path.of(args.take("out", runs.size() == 2 ? a + "-to-" + Path.of(runs.get(1)).getFileName() : a + "-slices"));
        if (!args.remaining().isEmpty()) {
            throw new DescentException("unknown option '--" + args.remaining().keySet().iterator().next()
                    + "' for descent landscape; it takes --points, --margin, --range, --dims, --subset, --seed and --out");
        }
        RunRecord recordA = record(a);
        MultiLayerNetwork netA = network(a);
        Dataset data = runner.data(runner.setup(recordA.options(), recordA.hyperparameters()));
        Split train = rows(data.train(), subset, seed);
        Split test = data.test();
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new DescentException("cannot create output directory '" + outDir + "': " + e.getMessage());
        }
        INDArray thetaA = netA.params().dup();
        if (runs.size() == 2) {
            Path b = Path.of(runs.get(1));
            RunRecord recordB = record(b);
            for (String key : List.of("dataset", "data-dir", "scaling", "validation")) {
                String va = recordA.options().get(key);
                String vb = recordB.options().get(key);
                if (!java.util.Objects.equals(va, vb)) {
                    throw new DescentException("runs '" + a + "' and '" + b + "' differ in --" + key + " (" + va + " against " + vb
                            + "); the line between two networks is measured on one data set");
                }
            }
            if (!java.util.Objects.equals(recordA.hyperparameters().get("dataset"), recordB.hyperparameters().get("dataset"))) {
                throw new DescentException("runs '" + a + "' and '" + b + "' load their data set with different hyperparameters ("
                        + recordA.hyperparameters().get("dataset") + " against " + recordB.hyperparameters().get("dataset") + ")");
            }
            MultiLayerNetwork netB = network(b);
            if (!java.util.Arrays.equals(netA.params().shape(), netB.params().shape()) || !netA.getLayerWiseConfigurations().toJson()
                    .replaceAll("\"seed\"\\s*:\\s*-?\\d+", "").equals(netB.getLayerWiseConfigurations().toJson().replaceAll("\"seed\"\\s*:\\s*-?\\d+", ""))) {
                throw new DescentException("runs '" + a + "' and '" + b + "' train different networks (" + netA.numParams() + " and "
                        + netB.numParams() + " parameters); the line between them needs the same architecture");
            }
            interpolate(netA, thetaA, netB.params().dup(), train, test, points, margin, outDir, a + " to " + b);
        } else {
            slices(netA, thetaA, train, test, points, range, dims, seed, outDir, a.toString());
        }
        return 0;
    }

    private void interpolate(MultiLayerNetwork net, INDArray thetaA, INDArray thetaB, Split train, Split test, int points, double margin,
            Path outDir, String what) {
        double[] alpha = new double[points];
        for (int i = 0; i < points; i++) {
            alpha[i] = -margin + (1 + 2 * margin) * i / (points - 1);
        }
        double[][] v = along(net, thetaA, thetaB.sub(thetaA), alpha, train, test);
        // the ends, exactly at 0 and 1 (the grid need not hit them)
        net.setParams(thetaA);
        double[] trA = evaluate(net, train);
        double[] teA = evaluate(net, test);
        net.setParams(thetaB);
        double[] trB = evaluate(net, train);
        double[] teB = evaluate(net, test);
        double trainBarrier = barrier(alpha, v[0], trA[0], trB[0]);
        double testBarrier = barrier(alpha, v[2], teA[0], teB[0]);
        Path csv = outDir.resolve("interpolation.csv");
        writeCsv(csv, "alpha,train_loss,train_accuracy,test_loss,test_accuracy", points, i -> new double[] {alpha[i], v[0][i], v[1][i], v[2][i], v[3][i]});
        curves("loss along the line", "accuracy along the line", "alpha (0: first run, 1: second)", alpha, v)
                .withTitle(what).writePngAndSvg(outDir.resolve("interpolation.png"));
        out.printf(Locale.ROOT, "descent: %s: train loss %.4f at 0, %.4f at 1, barrier %.4g; test loss %.4f at 0, %.4f at 1, barrier %.4g%n",
                what, trA[0], trB[0], trainBarrier, teA[0], teB[0], testBarrier);
        out.println("descent: wrote " + csv + ", " + outDir.resolve("interpolation.png") + " (and .svg)");
    }

    /**
     * Train loss, train accuracy, test loss and test accuracy at {@code origin + s·direction} for
     * each s of {@code steps}; the network is left at {@code origin}.
     */
    private static double[][] along(MultiLayerNetwork net, INDArray origin, INDArray direction, double[] steps, Split train, Split test) {
        double[][] v = new double[4][steps.length];
        for (int i = 0; i < steps.length; i++) {
            net.setParams(origin.add(direction.mul(steps[i])));
            double[] tr = evaluate(net, train);
            double[] te = evaluate(net, test);
            v[0][i] = tr[0];
            v[1][i] = tr[1];
            v[2][i] = te[0];
            v[3][i] = te[1];
        }
        net.setParams(origin);
        return v;
    }

    /** Loss (log scale) and accuracy panels, train and test, over {@code x}; {@code v} as {@link #along} returns it. */
    private static Figure curves(String lossTitle, String accuracyTitle, String xLabel, double[] x, double[][] v) {
        return Figure.of(1000, 420, List.of(
                LinePlot.builder().title(lossTitle).xLabel(xLabel).yLabel("cross-entropy").logY(true)
                        .add(Series.of("train", x, v[0]).withColor(0x1F77B4)).add(Series.of("test", x, v[2]).withColor(0xD62728)).build(),
                LinePlot.builder().title(accuracyTitle).xLabel(xLabel).yLabel("accuracy")
                        .add(Series.of("train", x, v[1]).withColor(0x1F77B4)).add(Series.of("test", x, v[3]).withColor(0xD62728)).build()));
    }

    /** max over the grid's α in [0, 1] of L(α) − ((1 − α) L(0) + α L(1)); 0 or less for a loss convex along the line. */
    static double barrier(double[] alpha, double[] loss, double at0, double at1) {
        double worst = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < alpha.length; i++) {
            if (alpha[i] >= -1e-12 && alpha[i] <= 1 + 1e-12) {
                worst = Math.max(worst, loss[i] - ((1 - alpha[i]) * at0 + alpha[i] * at1));
            }
        }
        return worst;
    }

    private void slices(MultiLayerNetwork net, INDArray theta, Split train, Split test, int points, double range, int dims, long seed, Path outDir,
            String what) {
        INDArray d1 = filterNormalized(net, theta, seed);
        double[] t = new double[points];
        for (int i = 0; i < points; i++) {
            t[i] = -range + 2 * range * i / (points - 1);
        }
        if (dims == 1) {
            double[][] v = along(net, theta, d1, t, train, test);
            Path csv = outDir.resolve("slice-1d.csv");
            writeCsv(csv, "t,train_loss,train_accuracy,test_loss,test_accuracy", points, i -> new double[] {t[i], v[0][i], v[1][i], v[2][i], v[3][i]});
            curves("loss along a filter-normalised direction", "accuracy", "t", t, v)
                    .withTitle(what + ", seed " + seed).writePngAndSvg(outDir.resolve("slice-1d.png"));
            out.println("descent: wrote " + csv + ", " + outDir.resolve("slice-1d.png") + " (and .svg)");
            return;
        }
        INDArray d2 = filterNormalized(net, theta, seed + 1);
        double[][] trainLoss = new double[points][points];
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            for (int j = 0; j < points; j++) {
                net.setParams(theta.add(d1.mul(t[i])).addi(d2.mul(t[j])));
                double[] tr = evaluate(net, train);
                double[] te = evaluate(net, test);
                trainLoss[i][j] = tr[0];
                rows.add(new double[] {t[i], t[j], tr[0], tr[1], te[0], te[1]});
            }
        }
        net.setParams(theta);
        Path csv = outDir.resolve("slice-2d.csv");
        writeCsv(csv, "a,b,train_loss,train_accuracy,test_loss,test_accuracy", rows.size(), rows::get);
        Path png = outDir.resolve("slice-2d.png");
        heatmap(trainLoss, png);
        out.println("descent: wrote " + csv + ", " + png + " (train loss, log scale; the run's parameters at the centre)");
    }

    /**
     * A random direction (seeded Gaussian) with every filter scaled to the norm of the same filter of
     * {@code theta}, and zero on biases (Li et al. 2018): a dense weight matrix [in, out] has one
     * filter per output column, a convolution's [out, in, kh, kw] one per output channel.
     */
    static INDArray filterNormalized(MultiLayerNetwork net, INDArray theta, long seed) {
        MultiLayerNetwork twin = net.clone();
        SplittableRandom random = new SplittableRandom(seed);
        double[] g = new double[(int) theta.length()];
        for (int i = 0; i < g.length; i++) {
            g[i] = random.nextGaussian();
        }
        twin.setParams(Nd4j.create(g, theta.shape(), 'c').castTo(theta.dataType()));
        MultiLayerNetwork reference = net.clone();
        reference.setParams(theta.dup());
        Map<String, INDArray> ref = reference.paramTable();
        for (Map.Entry<String, INDArray> e : twin.paramTable().entrySet()) {
            INDArray d = e.getValue();
            INDArray w = ref.get(e.getKey());
            String name = e.getKey().substring(e.getKey().indexOf('_') + 1);
            if (!name.equals("W") || d.rank() < 2) {
                d.assign(0);
                continue;
            }
            int filterDim = d.rank() == 2 ? 1 : 0;
            long filters = d.size(filterDim);
            for (long f = 0; f < filters; f++) {
                INDArray df = d.rank() == 2 ? d.getColumn(f) : d.slice(f, 0);
                INDArray wf = w.rank() == 2 ? w.getColumn(f) : w.slice(f, 0);
                double dn = df.norm2Number().doubleValue();
                double wn = wf.norm2Number().doubleValue();
                df.muli(dn > 0 ? wn / dn : 0);
            }
        }
        return twin.params().dup();
    }

    /** Mean cross-entropy (no regularisation) and accuracy, in chunks. */
    static double[] evaluate(MultiLayerNetwork net, Split split) {
        int n = split.size();
        double loss = 0;
        long correct = 0;
        for (int from = 0; from < n; from += 2000) {
            int to = Math.min(n, from + 2000);
            INDArray x = split.features().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to));
            INDArray y = split.labels().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to));
            // read once as Java arrays: element-wise getDouble on an INDArray costs far more than the arithmetic
            double[][] p = net.output(x, false).castTo(DataType.DOUBLE).toDoubleMatrix();
            double[][] yd = y.castTo(DataType.DOUBLE).toDoubleMatrix();
            for (int r = 0; r < to - from; r++) {
                int best = 0;
                int label = 0;
                double sum = 0;
                for (int c = 0; c < p[r].length; c++) {
                    double pc = p[r][c];
                    double yc = yd[r][c];
                    if (yc != 0) {
                        sum -= yc * Math.log(Math.max(pc, 1e-300));
                    }
                    if (pc > p[r][best]) {
                        best = c;
                    }
                    if (yc > yd[r][label]) {
                        label = c;
                    }
                }
                loss += sum;
                correct += best == label ? 1 : 0;
            }
        }
        return new double[] {loss / n, correct / (double) n};
    }

    private static Split rows(Split train, int subset, long seed) {
        int n = train.size();
        if (subset >= n) {
            return train;
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < subset; i++) {
            int j = i + random.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] rows = java.util.Arrays.copyOf(order, subset);
        java.util.Arrays.sort(rows);
        return new Split(Nd4j.pullRows(train.features(), 1, rows), Nd4j.pullRows(train.labels(), 1, rows));
    }

    private static RunRecord record(Path run) {
        Path json = run.resolve(TrainRunner.RUN_JSON);
        if (!Files.isRegularFile(json)) {
            throw new DescentException("'" + run + "' holds no run.json; give the --out folder of a descent train run");
        }
        return RunRecord.read(json);
    }

    private static MultiLayerNetwork network(Path run) {
        Path zip = run.resolve(descent.engine.ModelFile.NAME);
        if (!Files.isRegularFile(zip)) {
            throw new DescentException("'" + run + "' holds no " + descent.engine.ModelFile.NAME + " (a finished run of a DL4J network writes one);"
                    + " let the run finish, or train an mlp, lenet or dl4j: model");
        }
        try {
            return ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw new DescentException("cannot read '" + zip + "' as a DL4J network: " + e.getMessage());
        }
    }

    private interface Row {
        double[] at(int i);
    }

    private static void writeCsv(Path file, String header, int count, Row row) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(header + "\n");
            for (int i = 0; i < count; i++) {
                double[] v = row.at(i);
                StringBuilder line = new StringBuilder();
                for (int k = 0; k < v.length; k++) {
                    line.append(k == 0 ? "" : ",").append(v[k]);
                }
                w.write(line + "\n");
            }
        } catch (IOException e) {
            throw new DescentException("cannot write '" + file + "': " + e.getMessage());
        }
        try {
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DescentException("cannot write '" + file + "': " + e.getMessage());
        }
    }

    /** The grid as an image, log of the loss from blue (low) to yellow (high), 12 pixels a point; row i is a, column j is b. */
    private static void heatmap(double[][] loss, Path png) {
        int n = loss.length;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : loss) {
            for (double v : row) {
                if (Double.isFinite(v) && v > 0) {
                    lo = Math.min(lo, Math.log(v));
                    hi = Math.max(hi, Math.log(v));
                }
            }
        }
        int cell = 12;
        BufferedImage image = new BufferedImage(n * cell, n * cell, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = loss[i][j];
                float f = Double.isFinite(v) && v > 0 && hi > lo ? (float) ((Math.log(v) - lo) / (hi - lo)) : 1f;
                int rgb = Color.HSBtoRGB(0.66f - 0.5f * f, 0.8f, 0.4f + 0.6f * f);
                for (int y = 0; y < cell; y++) {
                    for (int x = 0; x < cell; x++) {
                        image.setRGB(j * cell + x, (n - 1 - i) * cell + y, rgb);
                    }
                }
            }
        }
        try {
            ImageIO.write(image, "png", png.toFile());
        } catch (IOException e) {
            throw new DescentException("cannot write '" + png + "': " + e.getMessage());
        }
    }
}
