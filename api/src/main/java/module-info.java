/**
 * The SPIs of descent: optimizers, trainers, models and data sets, with declared hyperparameters
 * and one exception type for failures a user can fix.
 */
module descent.api {
    requires transitive nd4j.api;

    exports descent.api;
    exports descent.api.data;
    exports descent.api.model;
    exports descent.api.optim;
    exports descent.api.train;
}
