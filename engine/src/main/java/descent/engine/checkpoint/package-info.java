/** Checkpoints: what a resumed run needs, written atomically as a zip. */
package descent.engine.checkpoint;
