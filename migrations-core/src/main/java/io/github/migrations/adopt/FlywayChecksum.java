package io.github.migrations.adopt;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Flyway's checksum of a SQL file, computed as Flyway computes it, so that a file edited after
 * Flyway applied it is recognised: a CRC-32 over the UTF-8 bytes of each line of the decoded
 * text, line terminators ({@code \n}, {@code \r\n}, {@code \r}) left out and a byte order mark
 * at the start dropped, taken as a signed 32-bit integer. Line endings and blank lines therefore
 * do not change it; any other character does.
 */
final class FlywayChecksum {

	private FlywayChecksum() {
	}

	static int of(String text) {
		CRC32 crc = new CRC32();
		int start = (!text.isEmpty() && text.charAt(0) == '\uFEFF') ? 1 : 0;
		int length = text.length();
		int lineStart = start;
		for (int i = start; i < length; i++) {
			char c = text.charAt(i);
			if (c == '\n' || c == '\r') {
				crc.update(text.substring(lineStart, i).getBytes(StandardCharsets.UTF_8));
				if (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') {
					i++;
				}
				lineStart = i + 1;
			}
		}
		if (lineStart < length) {
			crc.update(text.substring(lineStart).getBytes(StandardCharsets.UTF_8));
		}
		return (int) crc.getValue();
	}

}
