/**
 * Reading IDX files, the format of MNIST and Fashion-MNIST: {@link descent.datasets.idx.IdxReader}
 * loads IDX3 images (magic 2051) and IDX1 labels (magic 2049), gzip-compressed or plain, into
 * {@link descent.datasets.idx.IdxImages} and {@link descent.datasets.idx.IdxLabels}, and turns every
 * defect of a file (missing, wrong magic number, truncated, wrong dimensions, labels out of range)
 * into a one-line {@link descent.api.DescentException} that names the file.
 */
package descent.datasets.idx;
