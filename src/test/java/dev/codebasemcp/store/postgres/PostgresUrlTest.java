package dev.codebasemcp.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codebasemcp.InvalidInputException;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {

    @Test
    void parse_libpqForm_splitsCredentialsAndKeepsParameters() {
        PostgresUrl url = PostgresUrl.parse("postgresql://alice:s3cr%40t@db.example:5433/registry?sslmode=require&application_name=x");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/registry?sslmode=require&ApplicationName=x");
        assertThat(url.user()).isEqualTo("alice");
        assertThat(url.password()).isEqualTo("s3cr@t");
        assertThat(url.database()).isEqualTo("registry");
        assertThat(url.toString()).isEqualTo("postgresql://alice:****@db.example:5433/registry").doesNotContain("s3cr");
    }

    @Test
    void parse_jdbcForm_takesCredentialsFromParameters() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://h1:5432,h2:5432/reg?user=bob&password=pw&connectTimeout=3");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5432,h2:5432/reg?connectTimeout=3");
        assertThat(url.properties()).containsEntry("user", "bob").containsEntry("password", "pw");
        assertThat(url.toString()).doesNotContain("pw");
    }

    @Test
    void parse_withoutDatabaseOrHost_usesDefaults() {
        assertThat(PostgresUrl.parse("postgres://").database()).isEqualTo(PostgresUrl.DEFAULT_DATABASE);
        assertThat(PostgresUrl.parse("postgresql:///").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/" + PostgresUrl.DEFAULT_DATABASE);
        assertThat(PostgresUrl.parse("postgresql://localhost:5432").user()).isNull();
    }

    @Test
    void forDatabase_keepsServerCredentialsAndParameters() {
        PostgresUrl url = PostgresUrl.parse("postgresql://u:p@h:1/reg?sslmode=disable").forDatabase("cb_proj_x_12345678");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:1/cb_proj_x_12345678?sslmode=disable");
        assertThat(url.password()).isEqualTo("p");
    }

    @Test
    void parse_otherScheme_throwsInvalidInputWithoutThePassword() {
        assertThatThrownBy(() -> PostgresUrl.parse("mysql://root:hunter2@db/x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("postgresql://")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void parse_databaseNameThatIsNotAnIdentifier_throwsInvalidInput() {
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/my-registry"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("my-registry");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/" + "x".repeat(64)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void parse_jdbcUrlWithUserInfo_throwsInvalidInput() {
        assertThatThrownBy(() -> PostgresUrl.parse("jdbc:postgresql://u:secret@h/db"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("?user=").hasMessageNotContaining("secret");
    }

    @Test
    void mask_hidesPasswordsInBothForms() {
        assertThat(PostgresUrl.mask("postgresql://u:secret@h/db")).isEqualTo("postgresql://u:****@h/db");
        assertThat(PostgresUrl.mask("postgresql://u:se@cr/et@h/db")).isEqualTo("postgresql://u:****@h/db");
        assertThat(PostgresUrl.mask("jdbc:postgresql://h:5432/db?password=p@q")).isEqualTo("jdbc:postgresql://h:5432/db?password=****");
        assertThat(PostgresUrl.mask("jdbc:postgresql://h/db?user=u&password=secret&x=1"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=****&x=1");
    }
}
