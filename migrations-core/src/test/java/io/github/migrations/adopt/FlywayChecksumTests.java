package io.github.migrations.adopt;

import java.util.stream.Stream;

import org.flywaydb.core.internal.resolver.ChecksumCalculator;
import org.flywaydb.core.internal.resource.StringResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our implementation of Flyway's checksum gives what Flyway's own gives, for every shape of text
 * a migration file can have.
 */
class FlywayChecksumTests {

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("texts")
	void givesWhatFlywayGives(String text) {
		assertThat(FlywayChecksum.of(text)).isEqualTo(ChecksumCalculator.calculate(new StringResource(text)));
	}

	static Stream<String> texts() {
		return Stream.of("", "CREATE TABLE t (id int);", "CREATE TABLE t (id int);\n",
				"-- +migrate Up\nCREATE TABLE t (id int);\n\n-- +migrate Down\nDROP TABLE t;\n",
				"a\r\nb\r\n", "a\rb\r", "a\n\n\nb", "\n\n", "\r\n", "\uFEFFCREATE TABLE t (id int);\n",
				"\uFEFF", "INSERT INTO t VALUES ('naïve', '日本', '😀');\n", "  trailing spaces  \n\ttab\n",
				"a\r\n\r\nb\rc\nd");
	}

	@Test
	void lineEndingsAndBlankLinesDoNotChangeItButAnyOtherCharacterDoes() {
		int lf = FlywayChecksum.of("a\nb\n");
		assertThat(FlywayChecksum.of("a\r\nb\r\n")).isEqualTo(lf);
		assertThat(FlywayChecksum.of("a\n\nb")).isEqualTo(lf);
		assertThat(FlywayChecksum.of("a\nb \n")).isNotEqualTo(lf);
		assertThat(FlywayChecksum.of("ab\n")).isEqualTo(lf);
	}

}
