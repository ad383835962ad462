/**
 * The built-in data sets of descent: Fashion-MNIST and MNIST read from IDX files, and small
 * synthetic sets ({@code xor}, {@code rings}, {@code spirals}) generated from a seed. The IDX reader
 * is exported for tools that read IDX files themselves; the providers are found through
 * {@link java.util.ServiceLoader} only.
 */
module descent.datasets {
    // Transitive: the exported reader throws descent.api.DescentException and carries @Stability.
    requires transitive descent.api;

    exports descent.datasets.idx;

    provides descent.api.data.DatasetProvider with
            descent.datasets.internal.FashionMnistProvider,
            descent.datasets.internal.MnistProvider,
            descent.datasets.internal.XorProvider,
            descent.datasets.internal.RingsProvider,
            descent.datasets.internal.SpiralsProvider,
            descent.datasets.internal.SoybeanSmallProvider,
            descent.datasets.internal.Cifar10Provider;
}
