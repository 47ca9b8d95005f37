package io.github.migrations.parse;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.migrations.MigrationParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PlaceholdersTests {

	private final AtomicInteger userLookups = new AtomicInteger();

	private final Placeholders placeholders = Placeholders.of("${", "}", Map.of("owner", "app", "Tablespace", "fast"),
			Map.of("defaultSchema", () -> "public", "user", (Supplier<String>) () -> {
				this.userLookups.incrementAndGet();
				return "migrator";
			}, "table", () -> "schema_migrations"));

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "ALTER TABLE t OWNER TO ${owner};|ALTER TABLE t OWNER TO app;",
			"${OWNER} ${tablespace}|app fast", "SET search_path = ${flyway:defaultSchema}|SET search_path = public",
			"${migrations:defaultSchema}.${migrations:table}|public.schema_migrations",
			"-- grants for ${flyway:user}|-- grants for migrator", "in ${flyway:filename}|in V1__init.sql",
			"no placeholder here|no placeholder here", "unclosed ${owner|unclosed ${owner",
			"empty ${}|empty ${}", "dollar quotes $$ stay $$|dollar quotes $$ stay $$" })
	void replacesEveryPlaceholderAsFlywayDoes(String text, String replaced) {
		assertThat(this.placeholders.replace("V1__init.sql", "V1__init.sql", text, 1)).isEqualTo(replaced);
	}

	@Test
	void doesNotLetAPlaceholderCrossALine() {
		assertThat(this.placeholders.replace("f", "f", "${owner\n}", 1)).isEqualTo("${owner\n}");
	}

	@Test
	void computesABuiltInOnceAndOnlyWhenUsed() {
		this.placeholders.replace("f", "f", "${owner}", 1);
		assertThat(this.userLookups).hasValue(0);
		this.placeholders.replace("f", "f", "${flyway:user} ${flyway:user}", 1);
		this.placeholders.replace("f", "f", "${migrations:user}", 1);
		assertThat(this.userLookups).hasValue(1);
	}

	@Test
	void reportsAnUnknownPlaceholderWithFileLineAndTheProperty() {
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> this.placeholders.replace("classpath:db/migration/V2__x.sql", "V2__x.sql",
					"SELECT 1;\n\n-- owner: ${owner}\nSELECT '${missing}';\n", 5))
			.satisfies((ex) -> {
				assertThat(ex.getScript()).isEqualTo("classpath:db/migration/V2__x.sql");
				assertThat(ex.getLine()).isEqualTo(8);
				assertThat(ex.getSummary()).isEqualTo("No value for placeholder ${missing}");
				assertThat(ex.getAction()).contains("migrations.placeholders.missing")
					.contains("migrations.placeholder-replacement=false");
			});
	}

	@Test
	void reportsAnUnknownBuiltIn() {
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> this.placeholders.replace("f", "f", "${flyway:workingDirectory}", 1))
			.withMessageContaining("flyway:timestamp");
	}

	@Test
	void usesTheConfiguredPrefixAndSuffix() {
		Placeholders custom = Placeholders.of("#[", "]", Map.of("owner", "app"), Map.of());
		assertThat(custom.replace("f", "f", "${owner} #[owner] ARRAY[1]", 1)).isEqualTo("${owner} app ARRAY[1]");
	}

	@Test
	void leavesTheTextAsWrittenWhenReplacementIsOff() {
		assertThat(Placeholders.none().replace("f", "f", "${missing}", 1)).isEqualTo("${missing}");
	}

}
