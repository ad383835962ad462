/**
 * The optimizers of this plugin and their providers: {@link org.example.lion.internal.Lion} (sign
 * of an interpolated momentum, Chen et al. 2023) and {@link org.example.lion.internal.Extragradient}
 * (a look-ahead step that evaluates the gradient twice). Not exported; descent reaches the
 * providers through the service they are registered for.
 */
package org.example.lion.internal;
