package io.github.migrations.backfill;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link Backfill.Builder}'s checks and the stored key's text form, without a database.
 */
class BackfillBuilderTests {

	@ParameterizedTest
	@ValueSource(strings = { "users; DROP TABLE users", "users u", "a.b.c", "1users", "users--", "\"unclosed", "" })
	void tableNamesThatAreNotIdentifiersAreRefused(String table) {
		assertThatIllegalArgumentException().isThrownBy(() -> Backfill.named("b").table(table))
			.withMessageContaining("is not an SQL identifier");
	}

	@ParameterizedTest
	@ValueSource(strings = { "users", "app.users", "\"Mixed Case\"", "app.\"odd\"\"name\"", "_t$1" })
	void identifiersAndQuotedIdentifiersAreAccepted(String table) {
		assertThat(Backfill.named("b").table(table).key("id").update("x = 1").build().table()).isEqualTo(table);
	}

	@ParameterizedTest
	@ValueSource(strings = { "id)", "id, name", "t.id", "id desc", "" })
	void keyColumnsThatAreNotIdentifiersAreRefused(String column) {
		assertThatIllegalArgumentException().isThrownBy(() -> Backfill.named("b").key(column))
			.withMessageContaining("key column");
	}

	@Test
	void anAliasThatIsNotAnIdentifierIsRefused() {
		BackfillBatch batch = new BackfillBatch(null, null, key("id"), List.of(List.of(1L)), 1);
		assertThatIllegalArgumentException().isThrownBy(() -> batch.keyRange("u; --")).withMessageContaining("alias");
		assertThat(batch.keyRange("u")).isEqualTo("u.id >= ? AND u.id <= ?");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "has space", "semi;colon", "quote'" })
	void badNamesAreRefused(String name) {
		assertThatIllegalArgumentException().isThrownBy(() -> Backfill.named(name))
			.withMessageContaining("must be 1 to 100 letters");
	}

	@Test
	void aBackfillWithoutTableKeyOrWorkIsRefusedByName() {
		assertThatIllegalStateException().isThrownBy(() -> Backfill.named("b").key("id").update("x = 1").build())
			.withMessage("Backfill 'b' needs a table: table(\"...\")");
		assertThatIllegalStateException().isThrownBy(() -> Backfill.named("b").table("t").update("x = 1").build())
			.withMessage("Backfill 'b' needs a unique key: key(\"id\")");
		assertThatIllegalStateException().isThrownBy(() -> Backfill.named("b").table("t").key("id").build())
			.withMessage("Backfill 'b' needs its work: update(\"...\") or forEachBatch(...)");
	}

	@Test
	void batchSizeAndPauseAreChecked() {
		assertThatIllegalArgumentException().isThrownBy(() -> Backfill.named("b").batchSize(0))
			.withMessageContaining("at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> Backfill.named("b").pause(Duration.ofMillis(-1)))
			.withMessageContaining("must not be negative");
	}

	@Test
	void defaultsAreTheConstants() {
		Backfill backfill = Backfill.named("b").table("t").key("id").update("x = 1").build();
		assertThat(backfill.batchSize()).isEqualTo(Backfill.DEFAULT_BATCH_SIZE);
		assertThat(backfill.pause()).isEqualTo(Backfill.DEFAULT_PAUSE);
		assertThat(backfill.logEvery()).isEqualTo(Backfill.DEFAULT_LOG_EVERY);
	}

	@Test
	void compositeKeysCompareAsRowValues() {
		BackfillKey key = key("tenant", "id");
		assertThat(key.after(null)).isEqualTo("(tenant, id) > (?, ?)");
		assertThat(key.range("a")).isEqualTo("(a.tenant, a.id) >= (?, ?) AND (a.tenant, a.id) <= (?, ?)");
	}

	@Test
	void whereRowValuesAreNotIndexedCompositeKeysCompareColumnByColumnWithTheirArgumentsRepeated() {
		BackfillKey key = new BackfillKey(List.of("a", "b", "c"),
				java.util.Collections.nCopies(3, BackfillKey.KeyType.LONG), false);
		assertThat(key.after(null)).isEqualTo("(a > ? OR (a = ? AND b > ?) OR (a = ? AND b = ? AND c > ?))");
		assertThat(key.arguments(List.of(1L, 2L, 3L))).containsExactly(1L, 1L, 2L, 1L, 2L, 3L);
		assertThat(key.range("t")).isEqualTo("(t.a > ? OR (t.a = ? AND t.b > ?) OR (t.a = ? AND t.b = ? AND t.c >= ?))"
				+ " AND (t.a < ? OR (t.a = ? AND t.b < ?) OR (t.a = ? AND t.b = ? AND t.c <= ?))");
		assertThat(key.rangeArguments(List.of(1L, 2L, 3L), List.of(4L, 5L, 6L))).containsExactly(1L, 1L, 2L, 1L, 2L,
				3L, 4L, 4L, 5L, 4L, 5L, 6L);
	}

	@Test
	void aSingleColumnKeyIsTheSameWhetherRowValuesAreIndexedOrNot() {
		BackfillKey key = new BackfillKey(List.of("id"), List.of(BackfillKey.KeyType.LONG), false);
		assertThat(key.after(null)).isEqualTo("id > ?");
		assertThat(key.range(null)).isEqualTo("id >= ? AND id <= ?");
		assertThat(key.rangeArguments(List.of(1L), List.of(9L))).containsExactly(1L, 9L);
	}

	@Test
	void storedKeysRoundTripWithEscapesAndTypes() {
		BackfillKey key = new BackfillKey(List.of("tenant", "id", "ref"),
				List.of(BackfillKey.KeyType.TEXT, BackfillKey.KeyType.LONG, BackfillKey.KeyType.UUID_));
		java.util.UUID uuid = java.util.UUID.randomUUID();
		List<Object> value = List.of("say \"hi\", \\ [x]\n ", 42L, uuid);
		String text = key.encode(value);
		assertThat(text).isEqualTo("[\"say \\\"hi\\\", \\\\ [x]\\u000a \", 42, \"" + uuid + "\"]");
		assertThat(key.decode(text)).isEqualTo(value);
	}

	@Test
	void aStoredKeyThatNoLongerFitsTheKeyIsReported() {
		BackfillKey key = new BackfillKey(List.of("id"), List.of(BackfillKey.KeyType.LONG));
		org.assertj.core.api.Assertions.assertThatExceptionOfType(io.github.migrations.MigrationException.class)
			.isThrownBy(() -> key.decode("[\"acme\", 7]"))
			.withMessageContaining("does not fit the key (id)");
		org.assertj.core.api.Assertions.assertThatExceptionOfType(io.github.migrations.MigrationException.class)
			.isThrownBy(() -> key.decode("[\"acme\"]"))
			.withMessageContaining("does not fit the key (id)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "7", "[7", "[\"unterminated]", "" })
	void aStoredKeyThatIsNotAKeyAtAllIsReportedWithTheSameGuidance(String text) {
		BackfillKey key = new BackfillKey(List.of("id"), List.of(BackfillKey.KeyType.LONG));
		org.assertj.core.api.Assertions.assertThatExceptionOfType(io.github.migrations.MigrationException.class)
			.isThrownBy(() -> key.decode(text))
			.withMessageContaining("does not fit the key (id)");
	}

	private static BackfillKey key(String... columns) {
		return new BackfillKey(List.of(columns),
				java.util.Collections.nCopies(columns.length, BackfillKey.KeyType.LONG));
	}

}
