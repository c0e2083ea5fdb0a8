package dev.facet.dictionaries.sae;

import ai.djl.ndarray.NDManager;
import dev.facet.djl.PyTorchEngines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh engine manager and parameter set per test, closed after it. */
public abstract class EngineFixture {

    protected NDManager manager;
    protected SaeParameters parameters;

    @BeforeEach
    void openEngine() {
        manager = PyTorchEngines.pytorch().newBaseManager();
        parameters = new SaeParameters(manager);
    }

    @AfterEach
    void closeEngine() {
        manager.close();
    }
}
