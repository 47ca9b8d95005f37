package io.github.migrations.discovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.migrations.MigrationParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A file is read in one system call sized by what the directory walk saw; a file that changed
 * size since (or whose size the walk could not know) must still be read whole.
 */
class FileTextTests {

	@TempDir
	Path directory;

	private final FileText text = new FileText(StandardCharsets.UTF_8);

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 10, 39, 40, 41, 100, 100_000 })
	void readsTheWholeFileWhateverSizeTheWalkSaw(int sizeSeen) throws IOException {
		String content = "-- +migrate Up\nCREATE TABLE t (id int);\n"; // 40 bytes
		Path file = Files.writeString(this.directory.resolve("1_t.sql"), content);
		assertThat(this.text.read(file, sizeSeen, "1_t.sql")).isEqualTo(content);
	}

	@Test
	void readsAFileMuchLongerThanTheWalkSaw() throws IOException {
		String content = "SELECT 1;\n".repeat(50_000);
		Path file = Files.writeString(this.directory.resolve("1_long.sql"), content);
		assertThat(this.text.read(file, 10, "1_long.sql")).isEqualTo(content);
	}

	@Test
	void readsAnEmptyFile() throws IOException {
		Path file = Files.writeString(this.directory.resolve("1_empty.sql"), "");
		assertThat(this.text.read(file, 0, "1_empty.sql")).isEmpty();
		assertThat(this.text.read(file, 5, "1_empty.sql")).isEmpty();
	}

	@Test
	void decodesUtf8ReadInOneCall() throws IOException {
		String content = "-- +migrate Up\nINSERT INTO t VALUES ('é, 日本, 🙂');\n";
		Path file = Files.writeString(this.directory.resolve("1_utf8.sql"), content);
		long size = Files.size(file);
		assertThat(this.text.read(file, size, "1_utf8.sql")).isEqualTo(content);
		assertThat(this.text.read(file, size - 3, "1_utf8.sql")).isEqualTo(content);
	}

	@Test
	void reportsTheLineOfAnInvalidByteOfTheBytesRead() throws IOException {
		Path file = this.directory.resolve("1_latin1.sql");
		Files.write(file, new byte[] { 'A', '\n', 'B', '\n', (byte) 0xE9, '\n' });
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> this.text.read(file, Files.size(file), "1_latin1.sql"))
			.satisfies((ex) -> assertThat(ex.getLine()).isEqualTo(3));
	}

	@Test
	void aFileThatIsGoneIsAnError() {
		Path file = this.directory.resolve("1_gone.sql");
		assertThatExceptionOfType(MigrationParseException.class)
			.isThrownBy(() -> this.text.read(file, 10, "1_gone.sql"))
			.withMessageContaining("Could not read migration file");
	}

}
