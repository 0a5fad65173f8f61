package dev.codebasemcp.store.embedded;

import dev.codebasemcp.store.ControlPlaneHandle;
import dev.codebasemcp.store.RegistryContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The registry contract on SQLite; each handle is a separate control plane on one registry.db file. */
class SqliteRegistryTest extends RegistryContractTest {

    @TempDir
    Path dir;

    private SqliteStores stores;

    @Override
    protected ControlPlaneHandle openControlPlane() {
        if (stores == null) {
            stores = new SqliteStores(dir);
        }
        return stores.handle();
    }

    @AfterEach
    void closeStores() {
        if (stores != null) {
            stores.close();
        }
    }
}
