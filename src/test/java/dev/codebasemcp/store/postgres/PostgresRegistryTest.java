package dev.codebasemcp.store.postgres;

import dev.codebasemcp.store.ControlPlaneHandle;
import dev.codebasemcp.store.RegistryContractTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The registry contract on a real PostgreSQL; each handle is a separate {@link PostgresStore} on one registry database. */
class PostgresRegistryTest extends RegistryContractTest {

    private static final String DATABASE = PostgresTestServer.uniqueDatabase();
    private final PostgresControlPlanes planes = new PostgresControlPlanes(DATABASE);

    @BeforeAll
    static void requireServer() {
        PostgresTestServer.requireServer();
    }

    @Override
    protected ControlPlaneHandle openControlPlane() {
        return planes.handle();
    }

    @AfterEach
    void closeStores() {
        planes.close();
    }

    @AfterAll
    static void dropDatabase() {
        PostgresTestServer.drop(List.of(DATABASE));
    }
}
