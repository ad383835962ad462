/**
 * The data-set providers of this module, registered as {@link descent.api.data.DatasetProvider}
 * services: {@code fashion-mnist} and {@code mnist} read four IDX files from a directory;
 * {@code xor}, {@code rings} and {@code spirals} generate two-feature, two-class sets from the
 * request's seed. Not exported: users reach these classes only through the service loader.
 */
package descent.datasets.internal;
