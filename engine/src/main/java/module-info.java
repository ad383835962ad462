/**
 * The training engine: the loop, schedules, built-in classic optimizers and models, checkpoints,
 * device selection, and the provider registry (boot layer plus plugin layer).
 */
module descent.engine {
    requires transitive descent.api;
    requires transitive com.google.guice;
    requires jakarta.inject;
    requires deeplearning4j.nn;
    requires org.bytedeco.openblas;
    // The fast executor's direct convolutions, used when the launcher resolves the module.
    requires static jdk.incubator.vector;
    requires org.slf4j;
    requires java.desktop;
    // SVG beside every PNG plot: JFreeSVG's Graphics2D, which the plots draw into as into an image.
    requires org.jfree.svg;
    // run.json, compare.json: jackson-jr over jackson-core.
    requires com.fasterxml.jackson.jr.ob;
    requires com.fasterxml.jackson.core;

    exports descent.engine;
    exports descent.engine.checkpoint;
    exports descent.engine.device;
    exports descent.engine.plugins;
    exports descent.engine.report;
    exports descent.engine.schedule;

    uses descent.api.optim.OptimizerProvider;
    uses descent.api.train.TrainerProvider;
    uses descent.api.model.ModelProvider;
    uses descent.api.data.DatasetProvider;

    provides descent.api.optim.OptimizerProvider with
            descent.engine.internal.optim.SgdProvider,
            descent.engine.internal.optim.MomentumProvider,
            descent.engine.internal.optim.NesterovProvider,
            descent.engine.internal.optim.AdamProvider,
            descent.engine.internal.optim.AdaMaxProvider,
            descent.engine.internal.optim.NadamProvider,
            descent.engine.internal.optim.AmsGradProvider,
            descent.engine.internal.optim.AdaGradProvider,
            descent.engine.internal.optim.RmsPropProvider,
            descent.engine.internal.optim.RmsPropCenteredProvider,
            descent.engine.internal.optim.AdaDeltaProvider,
            descent.engine.internal.optim.AdaBeliefProvider;
    provides descent.api.model.ModelProvider with
            descent.engine.internal.model.MlpProvider,
            descent.engine.internal.model.LenetProvider,
            descent.engine.internal.model.Dl4jFileProvider;
}
