/**
 * The training engine: the loop, schedules, built-in classic optimizers and models, checkpoints,
 * device selection, and the provider registry (boot layer plus plugin layer).
 */
module descent.engine {
    requires transitive descent.api;
    requires deeplearning4j.nn;
    requires com.google.guice;
    requires org.slf4j;

    exports descent.engine;
}
