package io.github.migrations.cli.command;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which vendor's rules {@code lint} applies: the one given, else the JDBC URL's, else PostgreSQL's.
 */
class LintCommandVendorTests {

	@ParameterizedTest
	@CsvSource(nullValues = "-", value = { "-, -, postgresql", "-, jdbc:mariadb://localhost:3306/app, mariadb",
			"-, jdbc:mysql://localhost/app?useSSL=false, mysql", "-, jdbc:tc:mysql:8.0.36:///app, mysql",
			"-, jdbc:postgresql://localhost/app, postgresql", "-, jdbc:h2:mem:app, postgresql",
			"MariaDB, jdbc:postgresql://localhost/app, mariadb", "mysql, -, mysql" })
	void theGivenVendorElseTheUrlsElsePostgresql(String given, String url, String vendor) {
		assertThat(LintCommand.vendor(given, url)).isEqualTo(vendor);
	}

}
