package dev.codebasemcp.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestCodeTest {

    @Test
    void testFilesOfEachConvention_areRecognised() {
        assertThat(TestCode.isTestPath("cobra/args_test.go")).isTrue();
        assertThat(TestCode.isTestPath("src/test/java/dev/x/FooTest.java")).isTrue();
        assertThat(TestCode.isTestPath("core/FooTests.java")).isTrue();
        assertThat(TestCode.isTestPath("core/StoreIT.java")).isTrue();
        assertThat(TestCode.isTestPath("tests/test_sessions.py")).isTrue();
        assertThat(TestCode.isTestPath("pkg/test_utils.py")).isTrue();
        assertThat(TestCode.isTestPath("pkg/utils_test.py")).isTrue();
        assertThat(TestCode.isTestPath("lib/__tests__/router.js")).isTrue();
        assertThat(TestCode.isTestPath("lib/router.test.ts")).isTrue();
        assertThat(TestCode.isTestPath("lib/router.spec.js")).isTrue();
        assertThat(TestCode.isTestPath("spec/models/user_spec.rb")).isTrue();
        assertThat(TestCode.isTestPath("mux/testdata/routes.go")).isTrue();
    }

    @Test
    void productionFilesThatMerelyMentionTest_areNot() {
        assertThat(TestCode.isTestPath("cobra/args.go")).isFalse();
        assertThat(TestCode.isTestPath("src/main/java/dev/x/TestRunner.java")).isFalse();
        assertThat(TestCode.isTestPath("src/main/java/dev/x/Contest.java")).isFalse();
        assertThat(TestCode.isTestPath("pkg/latest.py")).isFalse();
        assertThat(TestCode.isTestPath("lib/attestation.js")).isFalse();
        assertThat(TestCode.isTestPath("testing/quick.go")).isFalse();
        assertThat(TestCode.isTestPath("core/AUDIT.java")).isFalse();
        assertThat(TestCode.isTestPath(null)).isFalse();
    }

    @Test
    void queriesAskingForTestsFixturesOrMocks_areRecognised() {
        assertThat(TestCode.asksForTests("tests for the config loader")).isTrue();
        assertThat(TestCode.asksForTests("where is the http server mocked")).isTrue();
        assertThat(TestCode.asksForTests("testing retries")).isTrue();
        assertThat(TestCode.asksForTests("shared fixtures")).isTrue();
        assertThat(TestCode.asksForTests("checks whether the first type is greater than the second")).isFalse();
        assertThat(TestCode.asksForTests("latest version attestation")).isFalse();
    }
}
