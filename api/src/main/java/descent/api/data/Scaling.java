package descent.api.data;

import descent.api.Stability;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How features are scaled before training. Statistics always come from the training split and are
 * applied to both splits, so the test split never leaks into training.
 */
@Stability(Stability.Level.STABLE)
public enum Scaling {

    /** To [0, 1]: by the data set's natural range if it has one (pixels / 255), else per feature by the training minimum and maximum. */
    UNIT,

    /** Per feature to mean 0 and standard deviation 1 on the training split (a constant feature becomes 0). */
    STANDARDIZE,

    /** As loaded. */
    NONE;

    /** The data set scaled; the input is not modified. */
    public Dataset apply(Dataset data) {
        return scale(data, true);
    }

    /**
     * The data set scaled in place where its features are already float: for a caller that owns
     * the loaded arrays and drops them, so the training set is never held twice. The returned data
     * set may share the input's arrays, which are then modified.
     */
    public Dataset applyInPlace(Dataset data) {
        return scale(data, false);
    }

    private Dataset scale(Dataset data, boolean copy) {
        INDArray train = features(data.train().features(), copy);
        INDArray test = features(data.test().features(), copy);
        switch (this) {
            case NONE -> { }
            case UNIT -> {
                double[] range = data.naturalRange();
                if (range != null) {
                    double span = range[1] - range[0];
                    train.subi(range[0]).divi(span);
                    test.subi(range[0]).divi(span);
                } else {
                    INDArray min = train.min(0);
                    INDArray span = train.max(0).subi(min);
                    span.assign(org.nd4j.linalg.ops.transforms.Transforms.max(span, 1e-12));
                    train.subiRowVector(min).diviRowVector(span);
                    test.subiRowVector(min).diviRowVector(span);
                }
            }
            case STANDARDIZE -> {
                INDArray mean = train.mean(0);
                INDArray std = train.std(false, 0);
                std.assign(org.nd4j.linalg.ops.transforms.Transforms.max(std, 1e-12));
                train.subiRowVector(mean).diviRowVector(std);
                test.subiRowVector(mean).diviRowVector(std);
            }
        }
        return data.withSplits(new Split(train, data.train().labels()), new Split(test, data.test().labels()));
    }

    private static INDArray features(INDArray loaded, boolean copy) {
        INDArray f = loaded.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        return copy || f != loaded || f.isView() ? f.dup() : f;
    }
}
