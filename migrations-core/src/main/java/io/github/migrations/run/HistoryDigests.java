package io.github.migrations.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.github.migrations.dialect.Dialect;
import io.github.migrations.discovery.ResolvedMigration;
import org.jspecify.annotations.Nullable;

/**
 * The cheap answer to "which tenants may have work": one query digests the history tables of
 * {@link #BATCH} tenants' schemas ({@link Dialect#historyDigestsQuery()}), and a tenant whose history is
 * exactly the local migrations (every one applied, successfully, with the local checksum, and
 * nothing else) is up to date without a run of its own. Any other digest (behind, edited,
 * failed, baselined, a newer release's rows) only means "run it": the run decides, so a digest
 * can never hide a problem, at worst cost a run.
 */
public final class HistoryDigests {

	/**
	 * How many schemas one query reads. The statement opens each history table (and its two
	 * indexes) and holds their locks until it ends; PostgreSQL's lock table has room for
	 * {@code max_locks_per_transaction} (64) times {@code max_connections} locks over all its
	 * sessions, so thousands of tables in one statement fail with "out of shared memory". 200
	 * schemas are 600 locks.
	 */
	public static final int BATCH = 200;

	private HistoryDigests() {
	}

	/**
	 * The schemas in batches of {@link #BATCH}, one query each.
	 */
	public static List<List<String>> batches(List<String> schemas) {
		List<List<String>> batches = new ArrayList<>();
		for (int from = 0; from < schemas.size(); from += BATCH) {
			batches.add(schemas.subList(from, Math.min(schemas.size(), from + BATCH)));
		}
		return batches;
	}

	/**
	 * What one schema's history table digests to.
	 * @param rows how many rows it has
	 * @param failed how many of them failed part-way
	 * @param digest the MD5 of the rows' {@code key=checksum}, in byte order of the keys
	 */
	public record Digest(int rows, int failed, String digest) {
	}

	/**
	 * The digest a history table has when it holds exactly these local migrations, each applied
	 * successfully.
	 */
	public static Digest local(List<ResolvedMigration> migrations) {
		List<String> keys = new ArrayList<>();
		Map<String, String> checksums = new HashMap<>();
		for (ResolvedMigration migration : migrations) {
			String key = (migration.version() != null) ? migration.version().toString() : "R:" + migration.name();
			keys.add(key);
			String checksum = migration.checksum();
			checksums.put(key, (checksum != null) ? checksum : "");
		}
		// the database orders the keys by their bytes (COLLATE "C"); for the ASCII of versions
		// and checksums that is String order (a non-ASCII name at worst costs a run)
		keys.sort(null);
		StringBuilder text = new StringBuilder();
		for (String key : keys) {
			if (!text.isEmpty()) {
				text.append(',');
			}
			text.append(key).append('=').append(checksums.get(key));
		}
		return new Digest(keys.size(), 0, md5(text.toString()));
	}

	/**
	 * The digests of the schemas' history tables, in one query; a schema without the table has
	 * none.
	 * @return the digests by schema, or {@code null} where the database has no such query
	 */
	public static @Nullable Map<String, Digest> read(Connection connection, Dialect dialect, String table,
			List<String> schemas) throws SQLException {
		String sql = dialect.historyDigestsQuery();
		if (sql == null) {
			return null;
		}
		Map<String, Digest> digests = new HashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			Array names = connection.createArrayOf("text", schemas.toArray());
			statement.setString(1, table);
			statement.setArray(2, names);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					digests.put(rs.getString(1),
							new Digest(Integer.parseInt(rs.getString(2)), Integer.parseInt(rs.getString(3)),
									rs.getString(4)));
				}
			}
			names.free();
		}
		return digests;
	}

	private static String md5(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("MD5 is missing from this JVM", ex);
		}
	}

}
