package io.github.migrations.discovery;

import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import io.github.migrations.JavaMigration;
import io.github.migrations.MigrationCallback;
import io.github.migrations.MigrationException;
import io.github.migrations.MigrationKind;
import io.github.migrations.MigrationValidationException;
import io.github.migrations.MigrationVersion;
import io.github.migrations.ValidationProblem;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.parse.StatementSplitter;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Finds migrations: {@code .sql} files under the configured locations (recursively; inside jars
 * and Spring Boot fat jars too, through Spring's resource resolution) plus the Java migrations
 * given: versioned ones sorted by version, then Flyway baseline files, then Flyway repeatable files
 * by name. Two migrations with one version (or two repeatables with one name) are an error naming
 * both.
 * <p>
 * Every file that looks like a migration must follow a pattern ({@link MigrationFileName}); a
 * file named after a callback event ({@link CallbackFileName}) is a SQL callback; a Flyway undo
 * file becomes the Down section of the migration of its version; files of other types (README.md,
 * notes.txt, backups) are left alone.
 */
public final class MigrationScanner {

	private static final String CLASSPATH = "classpath:";

	private static final String FILESYSTEM = "filesystem:";

	private final ResourceLoader resourceLoader;

	private final FileText text;

	private @Nullable ResourcePatternResolver resolver;

	public MigrationScanner(ResourceLoader resourceLoader, Charset encoding) {
		this.resourceLoader = resourceLoader;
		this.text = new FileText(encoding);
	}

	// created only for classpath locations: a filesystem-only run loads none of it
	private ResourcePatternResolver resolver() {
		if (this.resolver == null) {
			this.resolver = new PathMatchingResourcePatternResolver(this.resourceLoader);
		}
		return this.resolver;
	}

	/**
	 * @param locations the locations, {@code {vendor}} not yet replaced
	 * @param dialect the database: its vendor name replaces {@code {vendor}}, its splitter
	 * splits the SQL files
	 * @param javaMigrations Java migrations to include
	 * @return every migration: the versioned ones (files and Java) sorted by version, then the
	 * baseline files ({@code B<version>__}) sorted by version, then the repeatable files
	 * ({@code R__}) sorted by name, the order Flyway runs them in
	 */
	public List<ResolvedMigration> scan(List<String> locations, Dialect dialect, List<JavaMigration> javaMigrations) {
		return scanFiles(locations, dialect, javaMigrations).migrations();
	}

	/**
	 * {@link #scan}, with the SQL callbacks found on the way.
	 */
	public LocalFiles scanFiles(List<String> locations, Dialect dialect, List<JavaMigration> javaMigrations) {
		Map<String, ResolvedMigration> repeatables = new TreeMap<>();
		List<ValidationProblem> duplicates = new ArrayList<>();
		Found found = new Found(dialect.splitter());
		for (String location : locations) {
			scanLocation(location.replace("{vendor}", dialect.vendor()), found);
			found.read();
		}
		List<ResolvedMigration> versioned = new ArrayList<>(found.migrations.size() + javaMigrations.size());
		List<ResolvedMigration> baselines = new ArrayList<>();
		for (ResolvedMigration migration : found.migrations) {
			switch (migration.kind()) {
				case REPEATABLE -> addRepeatable(repeatables, migration, duplicates);
				case BASELINE -> baselines.add(migration);
				default -> versioned.add(migration);
			}
		}
		for (JavaMigration java : javaMigrations) {
			versioned.add(ResolvedMigration.java(java));
		}
		List<ResolvedMigration> sorted = byVersion(versioned, duplicates);
		List<ResolvedMigration> baselineFiles = byVersion(baselines, duplicates);
		if (!duplicates.isEmpty()) {
			throw new MigrationValidationException(duplicates);
		}
		if (!found.undos.isEmpty()) {
			Map<MigrationVersion, ResolvedMigration> byVersion = new LinkedHashMap<>();
			sorted.forEach((migration) -> byVersion.put(migration.version(), migration));
			UndoFile.attach(byVersion, found.undos);
			sorted = new ArrayList<>(byVersion.values());
		}
		sorted.addAll(baselineFiles);
		sorted.addAll(repeatables.values());
		List<SqlCallbackFile> callbacks = new ArrayList<>(found.callbacks);
		callbacks.sort(Comparator.comparing(SqlCallbackFile::fileName).thenComparing(SqlCallbackFile::location));
		return new LocalFiles(sorted, callbacks);
	}

	/**
	 * The migrations sorted by version, one per version: a second one of a version at another
	 * location is a duplicate (the first found is kept, the same file found twice is one). Sorted
	 * first, then compared with the neighbour: no map of versions (hashing thousands of versions
	 * showed in the profile of a run with nothing pending).
	 */
	private static List<ResolvedMigration> byVersion(List<ResolvedMigration> migrations,
			List<ValidationProblem> duplicates) {
		// stable: of one version, the one found first stays first
		migrations.sort(Comparator.comparing(ResolvedMigration::version));
		List<ResolvedMigration> distinct = new ArrayList<>(migrations.size());
		ResolvedMigration kept = null;
		for (ResolvedMigration migration : migrations) {
			if (kept != null && kept.version().compareTo(migration.version()) == 0) {
				if (!kept.location().equals(migration.location())) {
					duplicates.add(duplicate(kept, migration));
				}
				continue;
			}
			kept = migration;
			distinct.add(migration);
		}
		return distinct;
	}

	/**
	 * What a scan found.
	 *
	 * @param migrations the migrations, in the order of {@link #scan}
	 * @param callbacks the SQL callbacks, sorted by file name
	 */
	public record LocalFiles(List<ResolvedMigration> migrations, List<SqlCallbackFile> callbacks) {
	}

	/**
	 * The files of a scan so far, by what they are.
	 */
	private static final class Found {

		/**
		 * From this many files read at once, they are read on the common fork-join pool as well as
		 * on the caller's thread: a file costs a few system calls and its checksum, and the files
		 * do not depend on each other. Below it, a thread's hand-off costs more than it saves.
		 */
		private static final int READ_IN_PARALLEL_FROM = 64;

		final StatementSplitter splitter;

		final List<ResolvedMigration> migrations = new ArrayList<>();

		final List<UndoFile> undos = new ArrayList<>();

		final List<SqlCallbackFile> callbacks = new ArrayList<>();

		// the files seen and not read yet, in the order found
		private final List<Unread> unread = new ArrayList<>();

		Found(StatementSplitter splitter) {
			this.splitter = splitter;
		}

		/**
		 * Sorts a file in by its name; it is read, by {@link #read()}, only when it is one of ours.
		 */
		void add(String fileName, String description, Reader reader) {
			Optional<MigrationCallback.Event> event = CallbackFileName.parse(fileName, description);
			if (event.isPresent()) {
				this.unread.add(new Unread(description, reader, event.get(), null));
				return;
			}
			Optional<MigrationFileName> name = accepted(fileName, description);
			if (name.isPresent()) {
				this.unread.add(new Unread(description, reader, null, name.get()));
			}
		}

		/**
		 * Reads the files added since the last call, while what they were found in is still open,
		 * and sorts them in, in the order they were found. Many at once are read in parallel, each
		 * migration's checksum made on the way (what every run compares next); a file that cannot
		 * be read or parsed fails the scan as it would have read one by one: the first such in
		 * the order found.
		 */
		void read() {
			int count = this.unread.size();
			if (count == 0) {
				return;
			}
			Object[] read = new Object[count];
			IntStream indexes = IntStream.range(0, count);
			(count >= READ_IN_PARALLEL_FROM ? indexes.parallel() : indexes)
				.forEach((i) -> read[i] = read(this.unread.get(i)));
			this.unread.clear();
			for (Object file : read) {
				if (file instanceof RuntimeException failure) {
					throw failure;
				}
				if (file instanceof SqlCallbackFile callback) {
					this.callbacks.add(callback);
				}
				else if (file instanceof UndoFile undo) {
					this.undos.add(undo);
				}
				else if (file instanceof ResolvedMigration migration) {
					this.migrations.add(migration);
				}
			}
		}

		/**
		 * One file read and made what it is, or the exception that stopped it; {@code null} for a
		 * file this process may not read.
		 */
		private @Nullable Object read(Unread file) {
			try {
				String content = file.reader().read();
				if (content == null) {
					return null;
				}
				if (file.event() != null) {
					return new SqlCallbackFile(file.event(), file.description(), content);
				}
				MigrationFileName name = Objects.requireNonNull(file.name());
				if (name.type() == MigrationFileName.Type.UNDO) {
					return new UndoFile(name, file.description(), content);
				}
				ResolvedMigration migration = resolve(name, file.description(), content, this.splitter);
				if (name.type() != MigrationFileName.Type.REPEATABLE) {
					checksumAhead(migration);
				}
				return migration;
			}
			catch (RuntimeException ex) {
				return ex;
			}
		}

		/**
		 * Makes the checksum now, on this thread; a file whose sections do not parse keeps its
		 * error for where the checksum is first asked for, as without this.
		 */
		private static void checksumAhead(ResolvedMigration migration) {
			try {
				migration.checksum();
			}
			catch (RuntimeException ex) {
				// reported where the run asks for it
			}
		}

		/**
		 * A file found: a callback ({@code event}) or a migration file ({@code name}).
		 */
		private record Unread(String description, Reader reader, MigrationCallback.@Nullable Event event,
				@Nullable MigrationFileName name) {
		}

	}

	/**
	 * Reads a file's text; {@code null} for a file this process may not read (skipped).
	 */
	@FunctionalInterface
	private interface Reader {

		@Nullable String read();

	}


	private static ValidationProblem duplicate(ResolvedMigration existing, ResolvedMigration migration) {
		return new ValidationProblem(ValidationProblem.Kind.DUPLICATE_VERSION, migration.version(),
				migration.location(), null, null,
				((migration.kind() == MigrationKind.BASELINE) ? "Baseline version " : "Version ") + migration.version()
						+ " is declared twice: " + existing.location() + " and " + migration.location(),
				"Give one of them a new version (a fresh timestamp).");
	}

	private void addRepeatable(Map<String, ResolvedMigration> byName, ResolvedMigration migration,
			List<ValidationProblem> duplicates) {
		ResolvedMigration existing = byName.putIfAbsent(migration.name(), migration);
		if (existing != null && !existing.location().equals(migration.location())) {
			duplicates.add(new ValidationProblem(ValidationProblem.Kind.DUPLICATE_VERSION, null, migration.location(),
					null, null,
					"Repeatable migration " + migration.name() + " is declared twice: " + existing.location() + " and "
							+ migration.location(),
					"Rename one of them (R__<another name>.sql): its name identifies a repeatable migration."));
		}
	}

	private void scanLocation(String location, Found found) {
		if (location.startsWith(FILESYSTEM)) {
			scanDirectory(location, location.substring(FILESYSTEM.length()), found);
			return;
		}
		String pattern = toPattern(location);
		Resource[] resources;
		try {
			resources = resolver().getResources(pattern);
		}
		catch (IOException ex) {
			throw new MigrationException("Could not list migrations in " + location + ": " + ex.getMessage(),
					"Check that the location exists and is readable.", ex);
		}
		for (Resource resource : resources) {
			String fileName = resource.getFilename();
			if (fileName == null || !isSqlInAnyCase(fileName) || !resource.isReadable()) {
				continue;
			}
			String description = describe(location, resource);
			found.add(fileName, description, () -> this.text.read(resource, description));
		}
	}

	/**
	 * Whether a name ends in {@code .sql} in any case: the files a scan looks at ({@code .SQL} to
	 * report it).
	 */
	private static boolean isSqlInAnyCase(String name) {
		return name.length() > 4 && name.regionMatches(true, name.length() - 4, ".sql", 0, 4);
	}

	/**
	 * A filesystem location, walked with NIO directly: Spring's resolver builds a URL, a
	 * {@code Resource} and several {@code stat} calls per file, which was most of the time of a
	 * run with nothing pending. The walk follows links and fails on a loop or an unreadable
	 * directory (Spring's resolver would log it and return what it found so far, possibly nothing:
	 * a run would then apply nothing and succeed).
	 * <p>
	 * Where the platform has them (Linux, for one), the walk goes through {@link SecureDirectoryStream}s:
	 * each file is looked at and opened by its name in the open directory ({@code fstatat},
	 * {@code openat}), not by its full path, which the kernel would resolve anew, component by
	 * component, twice per file; with thousands of files, those system calls are most of a run
	 * with nothing pending. Elsewhere, {@link Files#walkFileTree}.
	 */
	private void scanDirectory(String location, String directory, Found found) {
		Path root = Path.of(directory);
		if (!Files.isDirectory(root)) {
			return;
		}
		String prefix = FILESYSTEM + (directory.endsWith("/") ? directory : directory + "/");
		try {
			try (DirectoryStream<Path> stream = Files.newDirectoryStream(root)) {
				if (stream instanceof SecureDirectoryStream<Path> secure) {
					Set<Object> ancestors = new HashSet<>();
					Object rootKey = Files.readAttributes(root, BasicFileAttributes.class).fileKey();
					if (rootKey != null) {
						ancestors.add(rootKey);
					}
					walk(secure, prefix, ancestors, found);
					return;
				}
			}
			walkFileTree(root, prefix, found);
		}
		catch (DirectoryIteratorException ex) {
			throw unlistable(location, ex.getCause());
		}
		catch (IOException cause) {
			throw unlistable(location, cause);
		}
	}

	private static MigrationException unlistable(String location, IOException cause) {
		String what = (cause instanceof FileSystemLoopException loop) ? "a symbolic link loop at " + loop.getFile()
				: cause.toString();
		return new MigrationException("Could not list migrations in " + location + ": " + what,
				(cause instanceof FileSystemLoopException)
						? "Remove the symbolic link that points back to a directory above it, or move the "
								+ "migrations to a location without it."
						: "Check that every directory under the location is readable.",
				cause);
	}

	/**
	 * One directory of the walk by name, and the directories under it: what
	 * {@link #walkFileTree} does with links followed, a loop found by the directories' file keys.
	 * @param prefix the description of the directory, ending in {@code /}
	 * @param ancestors the file keys of the directories above and of this one
	 */
	private void walk(SecureDirectoryStream<Path> directory, String prefix, Set<Object> ancestors, Found found)
			throws IOException {
		for (Path entry : directory) {
			Path name = entry.getFileName();
			BasicFileAttributes attributes = attributes(directory, name);
			if (attributes == null) {
				continue;
			}
			String fileName = name.toString();
			if (attributes.isDirectory()) {
				Object key = attributes.fileKey();
				if (key != null && !ancestors.add(key)) {
					throw new FileSystemLoopException(entry.toString());
				}
				// the files found so far first, in the order found
				found.read();
				try (SecureDirectoryStream<Path> below = directory.newDirectoryStream(name)) {
					walk(below, prefix + fileName + "/", ancestors, found);
				}
				if (key != null) {
					ancestors.remove(key);
				}
			}
			else if (attributes.isRegularFile() && isSqlInAnyCase(fileName)) {
				String description = prefix + fileName;
				long size = attributes.size();
				found.add(fileName, description, () -> this.text.read(directory, name, size, description));
			}
		}
		// read while the directory, which they are opened in, is open
		found.read();
	}

	/**
	 * What an entry is, its link followed; {@code null} for a link to nothing, which the walk
	 * passes over as {@link Files#walkFileTree} does (it is not a regular file).
	 */
	private static @Nullable BasicFileAttributes attributes(SecureDirectoryStream<Path> directory, Path name)
			throws IOException {
		try {
			return directory.getFileAttributeView(name, BasicFileAttributeView.class).readAttributes();
		}
		catch (NoSuchFileException ex) {
			// still there without following the link: a dangling link, not a file gone
			directory.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
				.readAttributes();
			return null;
		}
	}

	private void walkFileTree(Path root, String prefix, Found found) throws IOException {
		int rootLength = root.toString().length();
		// the walk's own attributes say what is a regular file: no further stat per file
		Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
				new SimpleFileVisitor<>() {

					@Override
					public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) {
						// names by string, not getFileName()/relativize(): a Path object each, per file
						String full = path.toString();
						if (attributes.isRegularFile() && isSqlInAnyCase(full)) {
							String fileName = full.substring(full.lastIndexOf(File.separatorChar) + 1);
							String description = prefix
									+ full.substring(rootLength + 1).replace(File.separatorChar, '/');
							found.add(fileName, description,
									() -> MigrationScanner.this.text.read(path, attributes.size(), description));
						}
						return FileVisitResult.CONTINUE;
					}

					@Override
					public FileVisitResult visitFileFailed(Path path, IOException ex) throws IOException {
						throw ex;
					}

				});
	}

	/**
	 * The name of a migration file this scanner runs: versioned, undo, baseline or repeatable.
	 */
	private static Optional<MigrationFileName> accepted(String fileName, String description) {
		return MigrationFileName.parse(fileName, description);
	}

	private static ResolvedMigration resolve(MigrationFileName name, String description, String content,
			StatementSplitter splitter) {
		MigrationVersion version = name.version();
		return switch (name.type()) {
			case REPEATABLE -> ResolvedMigration.repeatable(name.name(), description, content, splitter);
			case BASELINE -> ResolvedMigration.baseline(Objects.requireNonNull(version), name.name(), description,
					content, splitter);
			default -> ResolvedMigration.sql(Objects.requireNonNull(version), name.name(), description, content,
					splitter);
		};
	}


	private static String toPattern(String location) {
		String base;
		if (location.startsWith(FILESYSTEM)) {
			base = "file:" + location.substring(FILESYSTEM.length());
		}
		else if (location.startsWith(CLASSPATH)) {
			base = "classpath*:" + location.substring(CLASSPATH.length());
		}
		else if (location.startsWith("classpath*:") || location.startsWith("file:")) {
			base = location;
		}
		else {
			base = "classpath*:" + location;
		}
		// every file, not *.sql: a V1__init.SQL must be seen to be reported
		return (base.endsWith("/") ? base : base + "/") + "**/*";
	}

	private static String describe(String location, Resource resource) {
		try {
			String url = resource.getURL().toString();
			String marker = location.startsWith(FILESYSTEM) ? location.substring(FILESYSTEM.length())
					: location.substring(location.indexOf(':') + 1);
			int at = url.lastIndexOf(marker.startsWith("/") ? marker.substring(1) : marker);
			if (at >= 0) {
				String prefix = location.startsWith(FILESYSTEM) ? FILESYSTEM : CLASSPATH;
				String path = url.substring(at);
				return prefix + (location.startsWith(FILESYSTEM) && marker.startsWith("/") ? "/" : "") + path;
			}
			return url;
		}
		catch (IOException ex) {
			return resource.getDescription();
		}
	}

}
