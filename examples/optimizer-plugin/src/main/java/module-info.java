/**
 * A descent plugin with two optimizers, {@code lion} and {@code extragradient}. It exports nothing:
 * descent finds the optimizers through the {@link descent.api.optim.OptimizerProvider} service and
 * users select them by id ({@code descent train --optimizer lion}).
 */
module org.example.lion {
    requires descent.api;

    provides descent.api.optim.OptimizerProvider with
            org.example.lion.internal.LionProvider,
            org.example.lion.internal.ExtragradientProvider;
}
