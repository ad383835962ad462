package descent.datasets.internal;

import descent.api.DescentException;
import descent.api.Hyperparameter;
import descent.api.Range;
import descent.api.data.Dataset;
import descent.api.data.DatasetProvider;
import descent.api.data.DatasetRequest;
import descent.api.data.Split;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.factory.Nd4j;

/**
 * UCI Soybean (Small) (Michalski 1980; UCI Machine Learning Repository, CC BY 4.0): 47 soybean
 * plants described by 35 integer attributes, four diseases D1 to D4 (10, 10, 10 and 17 plants).
 * The file ships inside this module ({@code descent/datasets/soybean-small/}, with its attribution),
 * so no directory is needed.
 *
 * <p>Seed 001 tests on 7 of the 47 and trains on the other 40. The split here is stratified and
 * seeded: each class gives the test split its share of {@code test-size}, rounded by largest
 * remainder (ties to the earlier class), so the default 7 takes 2 of D1, 1 of D2, 1 of D3 and 3 of
 * D4; which plants of a class go is a seeded shuffle of that class. Both splits keep the file's
 * order. Features stay integers (0 to 6); no natural range, so unit scaling uses the training
 * minimum and maximum.
 */
public final class SoybeanSmallProvider implements DatasetProvider {

    /** The shipped file, relative to this class's module. */
    static final String RESOURCE = "/descent/datasets/soybean-small/soybean-small.data";

    static final int ATTRIBUTES = 35;
    static final int ROWS = 47;
    private static final List<String> CLASSES = List.of("D1", "D2", "D3", "D4");

    @Override
    public String id() {
        return "soybean-small";
    }

    @Override
    public String description() {
        return "UCI Soybean (Small): 47 plants, 35 integer attributes, 4 diseases; stratified seeded split, 40 train / 7 test by default";
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return List.of(Hyperparameter.integer("test-size", 7, Range.closed(4, 40),
                "plants held out for testing, stratified by class (the thesis: 7)"));
    }

    @Override
    public Dataset load(DatasetRequest request) {
        int testSize = Math.toIntExact(request.hyperparameters().integer("test-size"));
        List<int[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        read(rows, labels);
        boolean[] test = testRows(labels, testSize, request.seed());
        return new Dataset(id(), split(rows, labels, test, false), split(rows, labels, test, true),
                new int[] {ATTRIBUTES}, CLASSES, null);
    }

    private static void read(List<int[]> rows, List<Integer> labels) {
        String text;
        try (InputStream in = SoybeanSmallProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new DescentException("the soybean-small data file '" + RESOURCE + "' is missing from the descent-datasets jar; reinstall descent");
            }
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(",");
            if (fields.length != ATTRIBUTES + 1) {
                throw bad(lineNo, "has " + fields.length + " fields, expected " + (ATTRIBUTES + 1));
            }
            int[] values = new int[ATTRIBUTES];
            for (int a = 0; a < ATTRIBUTES; a++) {
                try {
                    values[a] = Integer.parseInt(fields[a].strip());
                } catch (NumberFormatException e) {
                    throw bad(lineNo, "has attribute " + (a + 1) + " '" + fields[a] + "', not an integer");
                }
            }
            int label = CLASSES.indexOf(fields[ATTRIBUTES].strip());
            if (label < 0) {
                throw bad(lineNo, "has class '" + fields[ATTRIBUTES].strip() + "', expected one of " + CLASSES);
            }
            rows.add(values);
            labels.add(label);
        }
        if (rows.size() != ROWS) {
            throw new DescentException("the soybean-small data file '" + RESOURCE + "' has " + rows.size()
                    + " rows, expected " + ROWS + "; reinstall descent");
        }
    }

    private static DescentException bad(int line, String what) {
        return new DescentException("line " + line + " of the soybean-small data file '" + RESOURCE + "' " + what + "; reinstall descent");
    }

    /** Which rows are test rows: per class its largest-remainder share of {@code testSize}, chosen by a seeded shuffle. */
    static boolean[] testRows(List<Integer> labels, int testSize, long seed) {
        int classes = CLASSES.size();
        int n = labels.size();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            byClass.get(labels.get(i)).add(i);
        }
        int[] share = new int[classes];
        double[] remainder = new double[classes];
        int given = 0;
        for (int c = 0; c < classes; c++) {
            double exact = (double) testSize * byClass.get(c).size() / n;
            share[c] = (int) Math.floor(exact);
            remainder[c] = exact - share[c];
            given += share[c];
        }
        while (given < testSize) {
            int best = -1;
            for (int c = 0; c < classes; c++) {
                if (share[c] < byClass.get(c).size() - 1 && (best < 0 || remainder[c] > remainder[best])) {
                    best = c;
                }
            }
            share[best]++;
            remainder[best] = -1;
            given++;
        }
        boolean[] test = new boolean[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int c = 0; c < classes; c++) {
            List<Integer> members = new ArrayList<>(byClass.get(c));
            for (int i = members.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                Integer t = members.get(i);
                members.set(i, members.get(j));
                members.set(j, t);
            }
            for (int k = 0; k < share[c]; k++) {
                test[members.get(k)] = true;
            }
        }
        return test;
    }

    private static Split split(List<int[]> rows, List<Integer> labels, boolean[] test, boolean wantTest) {
        int count = 0;
        for (boolean t : test) {
            count += t == wantTest ? 1 : 0;
        }
        float[] x = new float[count * ATTRIBUTES];
        float[] y = new float[count * CLASSES.size()];
        int r = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (test[i] != wantTest) {
                continue;
            }
            for (int a = 0; a < ATTRIBUTES; a++) {
                x[r * ATTRIBUTES + a] = rows.get(i)[a];
            }
            y[r * CLASSES.size() + labels.get(i)] = 1f;
            r++;
        }
        return new Split(Nd4j.create(x, new long[] {count, ATTRIBUTES}, 'c'),
                Nd4j.create(y, new long[] {count, CLASSES.size()}, 'c'));
    }
}
