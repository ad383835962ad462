/**
 * Backprop-free trainers for ReLU networks (seed 001 and Lee et al. 2015): {@code tp-online},
 * {@code tp-batch}, {@code tp-linesearch}, {@code dtp} (Lee et al.) and {@code dtp-thesis}, found through
 * {@link java.util.ServiceLoader} only. Exports nothing.
 */
module descent.optimizers.targetprop {
    requires descent.api;
    // Blas: cblas_sgemm of the OpenBLAS that ND4J loads, on the arrays' memory (ND4J's gemm is the fallback).
    requires org.bytedeco.openblas;
    // LocalStep's float path sums with the Vector API when the launcher resolved it (VectorDirection).
    requires static jdk.incubator.vector;

    provides descent.api.train.TrainerProvider with
            descent.optimizers.targetprop.TpOnlineProvider,
            descent.optimizers.targetprop.TpBatchProvider,
            descent.optimizers.targetprop.TpLineSearchProvider,
            descent.optimizers.targetprop.DtpProvider,
            descent.optimizers.targetprop.DtpThesisProvider;
}
