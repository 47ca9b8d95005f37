package io.github.migrations.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.migrations.MigrationParseException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;

/**
 * Reads a migration file's text in the configured encoding: bytes that are not valid in it fail
 * with the line they stand on.
 */
final class FileText {

	private final Charset encoding;

	FileText(Charset encoding) {
		this.encoding = encoding;
	}

	/**
	 * The text of a file on the filesystem, or {@code null} for a file this process may not read
	 * (skipped, as Spring's resolver skips a resource that is not readable).
	 */
	@Nullable String read(Path path, String description) {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(path);
		}
		catch (AccessDeniedException ex) {
			return null;
		}
		catch (IOException ex) {
			throw unreadable(description, ex);
		}
		return decode(bytes, description);
	}

	/**
	 * The text of a resource (a classpath location).
	 */
	String read(Resource resource, String description) {
		byte[] bytes;
		try (InputStream in = resource.getInputStream()) {
			bytes = in.readAllBytes();
		}
		catch (IOException ex) {
			throw unreadable(description, ex);
		}
		return decode(bytes, description);
	}

	private static MigrationParseException unreadable(String description, IOException ex) {
		return new MigrationParseException(description, 0, "Could not read migration file: " + ex.getMessage(),
				"Check that the file is readable.", ex);
	}

	private String decode(byte[] bytes, String description) {
		if (isAscii(bytes) && isAsciiCompatible()) {
			// nearly every migration: no decoder, one copy (a decoder reporting errors costs two)
			return new String(bytes, StandardCharsets.ISO_8859_1);
		}
		try {
			return strictDecoder().decode(ByteBuffer.wrap(bytes)).toString();
		}
		catch (CharacterCodingException ex) {
			throw new MigrationParseException(description, lineOfInvalidByte(bytes),
					"Migration file is not valid " + this.encoding.name(),
					"Save the file as " + this.encoding.name() + " (or set migrations.encoding to its encoding).", ex);
		}
	}

	private CharsetDecoder strictDecoder() {
		return this.encoding.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
	}

	private static boolean isAscii(byte[] bytes) {
		for (byte b : bytes) {
			if (b < 0) {
				return false;
			}
		}
		return true;
	}

	private boolean isAsciiCompatible() {
		return this.encoding.equals(StandardCharsets.UTF_8) || this.encoding.equals(StandardCharsets.US_ASCII)
				|| this.encoding.equals(StandardCharsets.ISO_8859_1);
	}

	private int lineOfInvalidByte(byte[] bytes) {
		CharsetDecoder decoder = strictDecoder();
		int line = 1;
		int start = 0;
		for (int i = 0; i <= bytes.length; i++) {
			if (i == bytes.length || bytes[i] == '\n') {
				try {
					decoder.reset().decode(ByteBuffer.wrap(bytes, start, i - start));
				}
				catch (CharacterCodingException ex) {
					return line;
				}
				line++;
				start = i + 1;
			}
		}
		return 0;
	}

}
