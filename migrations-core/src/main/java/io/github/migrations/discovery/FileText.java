package io.github.migrations.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;

import io.github.migrations.MigrationParseException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;

/**
 * Reads a migration file's text in the configured encoding: bytes that are not valid in it fail
 * with the line they stand on.
 */
final class FileText {

	// what an array can hold on every JVM (as java.io's own limit)
	private static final int MAX_ARRAY_SIZE = Integer.MAX_VALUE - 8;

	private static final Set<StandardOpenOption> READ = Set.of(StandardOpenOption.READ);

	private final Charset encoding;

	FileText(Charset encoding) {
		this.encoding = encoding;
	}

	/**
	 * The text of a file on the filesystem, or {@code null} for a file this process may not read
	 * (skipped, as Spring's resolver skips a resource that is not readable).
	 * @param size the file's size as the directory walk saw it: what the one read is sized for
	 */
	@Nullable String read(Path path, long size, String description) {
		try (FileChannel channel = FileChannel.open(path)) {
			return read(channel, size, description);
		}
		catch (AccessDeniedException ex) {
			return null;
		}
		catch (IOException ex) {
			throw unreadable(description, ex);
		}
	}

	/**
	 * {@link #read(Path, long, String)} of a file opened by its name in an open directory.
	 */
	@Nullable String read(SecureDirectoryStream<Path> directory, Path name, long size, String description) {
		try (SeekableByteChannel channel = directory.newByteChannel(name, READ)) {
			return read(channel, size, description);
		}
		catch (AccessDeniedException ex) {
			return null;
		}
		catch (IOException ex) {
			throw unreadable(description, ex);
		}
	}

	/**
	 * The channel's bytes to its end, decoded. A file that still has the size the walk saw costs
	 * one {@code read}: asked for one byte more than that size, a read that comes back short with
	 * exactly that size is at the end of a regular file. {@link Files#readAllBytes} asks the size
	 * again ({@code fstat}) and reads once more to see the end: two system calls of five per file,
	 * and system calls are most of a run with nothing pending. A file that changed size since the
	 * walk is read on to its end, as by {@code readAllBytes}.
	 */
	private String read(ReadableByteChannel channel, long size, String description) throws IOException {
		if (size >= MAX_ARRAY_SIZE) {
			throw new IOException("File too large to read (" + size + " bytes)");
		}
		byte[] bytes = new byte[(int) size + 1];
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		int length = 0;
		while (true) {
			int n = channel.read(buffer);
			if (n < 0) {
				break;
			}
			length += n;
			if (!buffer.hasRemaining()) {
				// longer than the walk saw: grow and read on
				if (bytes.length >= MAX_ARRAY_SIZE) {
					throw new IOException("File too large to read");
				}
				bytes = Arrays.copyOf(bytes, (int) Math.min(MAX_ARRAY_SIZE, 2L * bytes.length));
				buffer = ByteBuffer.wrap(bytes, length, bytes.length - length);
			}
			else if (length == size) {
				break;
			}
		}
		return decode(bytes, length, description);
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
		return decode(bytes, bytes.length, description);
	}

	private static MigrationParseException unreadable(String description, IOException ex) {
		return new MigrationParseException(description, 0, "Could not read migration file: " + ex.getMessage(),
				"Check that the file is readable.", ex);
	}

	private String decode(byte[] bytes, int length, String description) {
		if (isAscii(bytes, length) && isAsciiCompatible()) {
			// nearly every migration: no decoder, one copy (a decoder reporting errors costs two)
			return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
		}
		try {
			return strictDecoder().decode(ByteBuffer.wrap(bytes, 0, length)).toString();
		}
		catch (CharacterCodingException ex) {
			throw new MigrationParseException(description, lineOfInvalidByte(bytes, length),
					"Migration file is not valid " + this.encoding.name(),
					"Save the file as " + this.encoding.name() + " (or set migrations.encoding to its encoding).", ex);
		}
	}

	private CharsetDecoder strictDecoder() {
		return this.encoding.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
	}

	private static boolean isAscii(byte[] bytes, int length) {
		for (int i = 0; i < length; i++) {
			if (bytes[i] < 0) {
				return false;
			}
		}
		return true;
	}

	private boolean isAsciiCompatible() {
		return this.encoding.equals(StandardCharsets.UTF_8) || this.encoding.equals(StandardCharsets.US_ASCII)
				|| this.encoding.equals(StandardCharsets.ISO_8859_1);
	}

	private int lineOfInvalidByte(byte[] bytes, int length) {
		CharsetDecoder decoder = strictDecoder();
		int line = 1;
		int start = 0;
		for (int i = 0; i <= length; i++) {
			if (i == length || bytes[i] == '\n') {
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
