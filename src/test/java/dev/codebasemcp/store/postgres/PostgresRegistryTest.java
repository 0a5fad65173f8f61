package dev.codebasemcp.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.ControlPlaneHandle;
import dev.codebasemcp.store.RegistryContractTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    @Override
    protected String defaultProjectDatabase() {
        return PostgresRegistry.defaultProjectDatabase(DATABASE);
    }

    @Test
    void defaultProject_ofEachRegistryOnOneServer_hasItsOwnDatabase() {
        assertThat(PostgresRegistry.defaultProjectDatabase("codebase_mcp_registry")).isEqualTo(ProjectRef.DEFAULT_DATABASE);
        String mine = PostgresRegistry.defaultProjectDatabase(DATABASE);
        assertThat(mine).matches(ProjectRef.DATABASE_NAME).startsWith("cb_proj_default_").isNotEqualTo(ProjectRef.DEFAULT_DATABASE)
                .isNotEqualTo(PostgresRegistry.defaultProjectDatabase(DATABASE + "_other"));
        assertThat(PostgresRegistry.defaultProjectDatabase(DATABASE)).isEqualTo(mine);
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
