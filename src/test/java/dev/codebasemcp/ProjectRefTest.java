package dev.codebasemcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProjectRefTest {

    @Test
    void databaseNameFor_sanitizesLikeTheOriginal() {
        String id = "1f2e3d4c-0000-4000-8000-000000000000";
        assertThat(ProjectRef.databaseNameFor("My Project-X", id)).isEqualTo("cb_proj_my_project_x_1f2e3d4c");
        assertThat(ProjectRef.databaseNameFor("Ünïcode name!", id)).isEqualTo("cb_proj_ncode_name_1f2e3d4c");
        assertThat(ProjectRef.databaseNameFor("☃☃", id)).isEqualTo("cb_proj_project_1f2e3d4c");
        assertThat(ProjectRef.databaseNameFor("a".repeat(80), id)).isEqualTo("cb_proj_" + "a".repeat(30) + "_1f2e3d4c");
        assertThat(ProjectRef.databaseNameFor("x'; DROP DATABASE y; --", id)).matches(ProjectRef.DATABASE_NAME.pattern());
    }

    @Test
    void constructor_rejectsNonCanonicalIdsAndBadDatabaseNames() {
        assertThatThrownBy(() -> new ProjectRef("1F2E3D4C-0000-4000-8000-000000000000", "p", "cb_proj_p_1f2e3d4c"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProjectRef(ProjectRef.DEFAULT_ID, "p", "cb_proj_p\"; drop_1f2e3d4c"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProjectRef(ProjectRef.DEFAULT_ID, "", ProjectRef.DEFAULT_DATABASE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ProjectRef.defaultProject().databaseName()).isEqualTo("cb_proj_default_00000000");
    }

    @Test
    void jobStatus_onlyMovesForward() {
        assertThat(JobStatus.PENDING.canMoveTo(JobStatus.RUNNING)).isTrue();
        assertThat(JobStatus.RUNNING.canMoveTo(JobStatus.COMPLETED)).isTrue();
        assertThat(JobStatus.COMPLETED.canMoveTo(JobStatus.RUNNING)).isFalse();
        assertThat(JobStatus.CANCELLED.canMoveTo(JobStatus.COMPLETED)).isFalse();
        assertThat(JobStatus.FAILED.canMoveTo(JobStatus.COMPLETED)).isFalse();
        assertThat(JobStatus.RUNNING.canMoveTo(JobStatus.PENDING)).isFalse();
    }
}
