package io.github.migrations;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MigrationVersionTests {

	@ParameterizedTest(name = "{0} < {1}")
	@CsvSource({ "1, 2", "9, 10", "1.9, 1.10", "1.2, 1.2.1", "20240115120000, 20240115120001",
			"99999999999999, 100000000000000", "1_9, 1_10", "2, 10.0", "0.9, 1" })
	void comparesNumericallyPartByPart(String lower, String higher) {
		assertThat(MigrationVersion.parse(lower)).isLessThan(MigrationVersion.parse(higher));
		assertThat(MigrationVersion.parse(higher)).isGreaterThan(MigrationVersion.parse(lower));
	}

	@ParameterizedTest(name = "{0} == {1}")
	@CsvSource({ "1, 1.0", "1.0.0, 1", "007, 7", "1_2, 1.2", "20240115120000, 020240115120000" })
	void treatsTrailingZerosAndLeadingZerosAsEqual(String a, String b) {
		assertThat(MigrationVersion.parse(a)).isEqualTo(MigrationVersion.parse(b))
			.hasSameHashCodeAs(MigrationVersion.parse(b));
		assertThat(MigrationVersion.parse(a).compareTo(MigrationVersion.parse(b))).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "a", "1.", ".1", "1..2", "1-2", "v1", "1.2a", "١٢" })
	void rejectsWhatIsNotDigitsSeparatedByDots(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> MigrationVersion.parse(text))
			.withMessageContaining("version");
	}

	@ParameterizedTest
	@CsvSource({ "20240115120000, 20240115120000", "1_2, 1.2", "1.10, 1.10" })
	void printsTheVersionAsWritten(String text, String printed) {
		assertThat(MigrationVersion.parse(text)).hasToString(printed);
	}

}
