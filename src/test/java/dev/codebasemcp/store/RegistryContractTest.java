package dev.codebasemcp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codebasemcp.InvalidInputException;
import dev.codebasemcp.ProjectRef;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link Registry} contract every store adapter must pass. Subclasses give each test a fresh, empty store and
 * close what they opened after it.
 */
public abstract class RegistryContractTest {

    /**
     * Opens another handle on this test's store. The first call in a test gets an empty store; later calls in the
     * same test open the same store again, as a second server process would.
     */
    protected abstract ControlPlaneHandle openControlPlane();

    private Registry registry;

    @BeforeEach
    void openRegistry() {
        registry = openControlPlane().registry();
    }

    @Test
    void getOrCreate_newName_createsProjectWithDerivedDatabaseName() {
        ProjectRef ref = registry.getOrCreate(ProjectSpec.named("My App"));

        assertThat(ref.name()).isEqualTo("My App");
        assertThat(UUID.fromString(ref.id()).toString()).isEqualTo(ref.id());
        assertThat(ref.databaseName()).isEqualTo(ProjectRef.databaseNameFor("My App", ref.id()))
                .startsWith("cb_proj_my_app_");
        assertThat(registry.list()).containsExactly(ref);
    }

    @Test
    void getOrCreate_sameNameTwice_returnsSameRow() {
        ProjectRef first = registry.getOrCreate(ProjectSpec.named("alpha"));
        ProjectRef second = registry.getOrCreate(new ProjectSpec("alpha", null, null, "other description"));

        assertThat(second).isEqualTo(first);
        assertThat(registry.list()).hasSize(1);
    }

    @Test
    void getOrCreate_withId_usesThatIdAndIsIdempotent() {
        String id = "3f2c1b4a-9d8e-4f70-a1b2-c3d4e5f60718";
        ProjectRef ref = registry.getOrCreate(new ProjectSpec("beta", id, null, null));

        assertThat(ref).isEqualTo(new ProjectRef(id, "beta", "cb_proj_beta_3f2c1b4a"));
        assertThat(registry.getOrCreate(new ProjectSpec("beta", id, null, null))).isEqualTo(ref);
        assertThat(registry.getOrCreate(ProjectSpec.named("beta"))).isEqualTo(ref);
    }

    @Test
    void getOrCreate_upperCaseId_isCanonicalised() {
        String id = "3F2C1B4A-9D8E-4F70-A1B2-C3D4E5F60718";
        ProjectRef ref = registry.getOrCreate(new ProjectSpec("beta", id, null, null));

        assertThat(ref.id()).isEqualTo(id.toLowerCase(Locale.ROOT));
    }

    @Test
    void getOrCreate_knownIdUnderAnotherName_returnsTheExistingRow() {
        String id = UUID.randomUUID().toString();
        ProjectRef original = registry.getOrCreate(new ProjectSpec("old-name", id, null, null));

        ProjectRef again = registry.getOrCreate(new ProjectSpec("new-name", id, null, null));

        assertThat(again).isEqualTo(original);
        assertThat(registry.list()).containsExactly(original);
    }

    @Test
    void getOrCreate_nameOwnedByAnotherId_throwsInvalidInputNamingBothIds() {
        ProjectRef owner = registry.getOrCreate(ProjectSpec.named("gamma"));
        String otherId = UUID.randomUUID().toString();

        assertThatThrownBy(() -> registry.getOrCreate(new ProjectSpec("gamma", otherId, null, null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("gamma").hasMessageContaining(owner.id()).hasMessageContaining(otherId);
        assertThat(registry.list()).containsExactly(owner);
    }

    @Test
    void getOrCreate_explicitDatabaseName_isUsed() {
        ProjectRef ref = registry.getOrCreate(new ProjectSpec("delta", null, "cb_proj_custom_0123abcd", null));

        assertThat(ref.databaseName()).isEqualTo("cb_proj_custom_0123abcd");
        assertThat(registry.find("delta")).contains(ref);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CB_PROJ_x_0123abcd", "cb_proj_x_0123abc", "cb_proj_x-y_0123abcd", "proj_x_0123abcd",
        "cb_proj_x_0123ABCD", "cb_proj__0123abcd0", "cb_proj_x;drop_0123abcd", "cb_proj_0123abcd", ""})
    void getOrCreate_invalidDatabaseName_throwsInvalidInputNamingTheRule(String databaseName) {
        assertThatThrownBy(() -> registry.getOrCreate(new ProjectSpec("epsilon", null, databaseName, null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(ProjectRef.DATABASE_NAME.pattern());
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void getOrCreate_databaseNameOfAnotherProject_throwsInvalidInput() {
        ProjectRef owner = registry.getOrCreate(new ProjectSpec("zeta", null, "cb_proj_shared_0123abcd", null));

        assertThatThrownBy(() -> registry.getOrCreate(new ProjectSpec("eta", null, "cb_proj_shared_0123abcd", null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cb_proj_shared_0123abcd").hasMessageContaining("zeta");
        assertThat(registry.list()).containsExactly(owner);
    }

    @Test
    void getOrCreate_derivedDatabaseNameTakenByAnotherProject_throwsInvalidInput() {
        String id = "0123abcd-0000-4000-8000-000000000001";
        registry.getOrCreate(new ProjectSpec("theta", null, "cb_proj_iota_0123abcd", null));

        assertThatThrownBy(() -> registry.getOrCreate(new ProjectSpec("iota", id, null, null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cb_proj_iota_0123abcd");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "1-1-1-1-1", "3f2c1b4a9d8e4f70a1b2c3d4e5f60718", "3f2c1b4a-9d8e-4f70-a1b2-c3d4e5f6071g"})
    void getOrCreate_invalidId_throwsInvalidInput(String id) {
        assertThatThrownBy(() -> registry.getOrCreate(new ProjectSpec("kappa", id, null, null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(id);
        assertThat(registry.list()).isEmpty();
    }

    /** The default project's data-plane name in the store under test (adapters sharing a server namespace it). */
    protected String defaultProjectDatabase() {
        return ProjectRef.DEFAULT_DATABASE;
    }

    @Test
    void getOrCreate_defaultSpec_createsTheDefaultProject() {
        ProjectSpec spec = new ProjectSpec(ProjectRef.DEFAULT_NAME, ProjectRef.DEFAULT_ID, ProjectRef.DEFAULT_DATABASE, null);
        ProjectRef expected = new ProjectRef(ProjectRef.DEFAULT_ID, ProjectRef.DEFAULT_NAME, defaultProjectDatabase());

        assertThat(registry.getOrCreate(spec)).isEqualTo(expected);
        assertThat(registry.getOrCreate(spec)).isEqualTo(expected);
        assertThat(registry.find(ProjectRef.DEFAULT_ID)).contains(expected);
    }

    @Test
    void getOrCreate_nameThatSanitisesToNothing_usesProjectAsStem() {
        ProjectRef ref = registry.getOrCreate(ProjectSpec.named("!!!"));

        assertThat(ref.databaseName()).matches("cb_proj_project_[0-9a-f]{8}");
    }

    @Test
    void getOrCreate_eightRacingCallersOnTwoHandles_allGetTheSameRow() throws Exception {
        Registry other = openControlPlane().registry();

        List<ProjectRef> refs = Concurrently.run(8, i -> (i % 2 == 0 ? registry : other).getOrCreate(ProjectSpec.named("raced")));

        assertThat(new HashSet<>(refs)).hasSize(1);
        assertThat(registry.list()).containsExactly(refs.getFirst());
    }

    @Test
    void getOrCreate_eightRacingCallersWithTheSameId_allGetTheSameRow() throws Exception {
        Registry other = openControlPlane().registry();
        String id = UUID.randomUUID().toString();

        List<ProjectRef> refs = Concurrently.run(8,
                i -> (i % 2 == 0 ? registry : other).getOrCreate(new ProjectSpec("raced-id", id, null, null)));

        assertThat(refs).allSatisfy(ref -> assertThat(ref.id()).isEqualTo(id)).containsOnly(refs.getFirst());
    }

    @Test
    void getOrCreate_racingCallersWithDifferentNames_createOneRowEach() throws Exception {
        Registry other = openControlPlane().registry();

        List<ProjectRef> refs = Concurrently.run(8, i -> (i % 2 == 0 ? registry : other).getOrCreate(ProjectSpec.named("p" + i)));

        assertThat(new HashSet<>(refs)).hasSize(8);
        assertThat(registry.list()).hasSize(8);
    }

    @Test
    void find_byIdByNameAndByUpperCaseId_returnsTheProject() {
        ProjectRef ref = registry.getOrCreate(ProjectSpec.named("lambda"));

        assertThat(registry.find(ref.id())).contains(ref);
        assertThat(registry.find(ref.id().toUpperCase(Locale.ROOT))).contains(ref);
        assertThat(registry.find("lambda")).contains(ref);
    }

    @Test
    void find_unknownIdOrName_returnsEmpty() {
        registry.getOrCreate(ProjectSpec.named("mu"));

        assertThat(registry.find(UUID.randomUUID().toString())).isEmpty();
        assertThat(registry.find("MU")).isEmpty();
        assertThat(registry.find("nu")).isEmpty();
    }

    @Test
    void find_uuidShapedInput_looksUpIdOnlyNotName() {
        String uuidName = UUID.randomUUID().toString();
        registry.getOrCreate(ProjectSpec.named(uuidName));

        assertThat(registry.find(uuidName)).isEmpty();
    }

    @Test
    void list_isOrderedByName() {
        registry.getOrCreate(ProjectSpec.named("charlie"));
        registry.getOrCreate(ProjectSpec.named("alpha"));
        registry.getOrCreate(ProjectSpec.named("bravo"));

        assertThat(registry.list()).extracting(ProjectRef::name).containsExactly("alpha", "bravo", "charlie");
    }

    @Test
    void twoHandles_seeEachOthersProjects() {
        Registry other = openControlPlane().registry();

        ProjectRef mine = registry.getOrCreate(ProjectSpec.named("xi"));
        ProjectRef theirs = other.getOrCreate(ProjectSpec.named("omicron"));

        assertThat(other.find("xi")).isEqualTo(Optional.of(mine));
        assertThat(registry.find(theirs.id())).contains(theirs);
        assertThat(other.getOrCreate(ProjectSpec.named("xi"))).isEqualTo(mine);
    }
}
