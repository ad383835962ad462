package descent.optimizers.targetprop;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code LocalStep.accumulate} four units at a time: every unit's sums still run over the examples in
 * order, each product and sum rounded as the scalar loop rounds it (no fused multiply-add), so the
 * results are the scalar loop's bit for bit. Loaded only when {@link VectorDirection#AVAILABLE}.
 */
final class VectorDirectionKernel {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_128;
    private static final int L = D.length();

    private VectorDirectionKernel() {
    }

    static int bits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }

    private static DoubleVector widen(float[] a, int at) {
        return (DoubleVector) FloatVector.fromArray(F, a, at).convertShape(VectorOperators.F2D, D, 0);
    }

    private static final VectorSpecies<Float> R = FloatVector.SPECIES_256;

    /** {@code LocalStep.residual}, eight at a time: the same float differences, the same count. */
    static long residual(float[] zs, float[] ts, float[] rs, boolean relu) {
        int upper = R.loopBound(zs.length);
        long active = 0;
        FloatVector zero = FloatVector.zero(R);
        for (int i = 0; i < upper; i += R.length()) {
            FloatVector z = FloatVector.fromArray(R, zs, i);
            FloatVector r = z.sub(FloatVector.fromArray(R, ts, i));
            if (relu) {
                VectorMask<Float> on = z.compare(VectorOperators.GT, 0);
                r = zero.blend(r, on);
                active += on.trueCount();
            } else {
                active += R.length();
            }
            r.intoArray(rs, i);
        }
        return active + LocalStep.residual(zs, ts, rs, upper, relu);
    }

    static void accumulate(float[] zs, float[] ts, float[] ds, int n, int units, boolean relu, double[] numerator, double[] denominator,
            double[] bn, double[] bd) {
        java.util.Arrays.fill(bn, 1);
        int upper = D.loopBound(units);
        DoubleVector zero = DoubleVector.zero(D);
        for (int j = 0; j < upper; j += L) {
            DoubleVector num = DoubleVector.fromArray(D, numerator, j);
            DoubleVector den = DoubleVector.fromArray(D, denominator, j);
            DoubleVector bnj = DoubleVector.fromArray(D, bn, j);
            DoubleVector bdj = DoubleVector.fromArray(D, bd, j);
            for (int k = 0, at = j; k < n; k++, at += units) {
                DoubleVector z = widen(zs, at);
                DoubleVector t = widen(ts, at);
                DoubleVector d = widen(ds, at);
                DoubleVector dk = relu ? zero.blend(d, z.compare(VectorOperators.GT, 0)) : d;
                num = num.add(z.sub(t).mul(dk));
                den = den.add(dk.mul(dk));
                if (relu) {
                    VectorMask<Double> lower = dk.compare(VectorOperators.GT, 0).and(z.mul(bdj).compare(VectorOperators.LT, bnj.mul(dk)));
                    bnj = bnj.blend(z, lower);
                    bdj = bdj.blend(dk, lower);
                }
            }
            num.intoArray(numerator, j);
            den.intoArray(denominator, j);
            bnj.intoArray(bn, j);
            bdj.intoArray(bd, j);
        }
        if (upper < units) {
            LocalStep.accumulate(zs, ts, ds, upper, n, units, relu, numerator, denominator, bn, bd);
        }
    }
}
