package io.github.migrations.lint;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.migrations.MigrationKind;
import io.github.migrations.dialect.Dialect;
import io.github.migrations.dialect.mariadb.MariaDbDialect;
import io.github.migrations.dialect.postgres.PostgresDialect;
import io.github.migrations.discovery.MigrationScanner;
import io.github.migrations.discovery.ResolvedMigration;
import io.github.migrations.parse.LexicalRules.Feature;
import io.github.migrations.parse.MigrationParser;
import io.github.migrations.parse.ScriptSection;
import io.github.migrations.parse.SqlStatement;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;

/**
 * Finds statements in migrations that would lock or rewrite a live table, or break the release
 * still running, and says what to write instead: {@link #postgres()} for PostgreSQL,
 * {@link #mariadb()} for MariaDB and MySQL ({@link #forVendor(String)} picks by vendor). Usable on
 * its own, from a test or a CI step:
 * <pre>
 * List&lt;LintViolation&gt; found = MigrationLinter.postgres().lintLocations(List.of("classpath:db/migration"));
 * </pre>
 * How it works:
 * <ol>
 * <li>the Up section of each file is split into statements (the Down section runs only on rollback,
 * as the undo of the Up, and is not linted);</li>
 * <li>each statement's tokens (lexed with the database's rules, once: the pre-flight checks read the
 * same) are seen by every rule together with its section (transactional
 * or not, the other statements) and the tables and indexes created earlier in the same file (or,
 * in a run on a fresh database, earlier in the run), which are new and may be locked freely;</li>
 * <li>a rule's finding is dropped when the comment lines directly above the statement carry
 * {@code -- migrations:allow <rule-id> <reason>} (on MariaDB and MySQL also
 * {@code # migrations:allow ...}); a waiver without a reason waives nothing and is reported itself
 * ({@code waiver-without-reason}), as is one naming a rule of no database ({@code unknown-waiver}):
 * a rule of another database is known, so that files shared between vendors may waive both.</li>
 * </ol>
 * Instances are immutable and thread-safe.
 */
public final class MigrationLinter {

	/** Rule id of a waiver that gives no reason. */
	public static final String WAIVER_WITHOUT_REASON = "waiver-without-reason";

	/** Rule id of a waiver that names no known rule. */
	public static final String UNKNOWN_WAIVER = "unknown-waiver";

	private static final Pattern WAIVER = Pattern.compile("^\\s*(?:--|#)\\s*migrations:allow\\b(.*)$");

	private static final int EXCERPT_LENGTH = 100;

	private static final Dialect POSTGRES = new PostgresDialect();

	private final List<Rule> rules;

	// every rule a waiver may name, selected or not: waiving a rule that is not run is no mistake
	private final List<String> known;

	// the database whose files these are: its splitter, its {vendor}, its comments
	private final Dialect dialect;

	private final MigrationParser parser;

	private final boolean hashComments;

	private MigrationLinter(List<Rule> rules) {
		this(POSTGRES, rules, rules.stream().map(Rule::id).toList());
	}

	private MigrationLinter(Dialect dialect, List<Rule> rules, List<String> known) {
		this.dialect = dialect;
		this.rules = List.copyOf(rules);
		this.known = List.copyOf(known);
		this.parser = new MigrationParser(dialect.splitter());
		this.hashComments = dialect.lexicalRules().has(Feature.HASH_COMMENTS);
	}

	/**
	 * A linter with every PostgreSQL rule.
	 */
	public static MigrationLinter postgres() {
		return new MigrationLinter(List.of(new Rule("index-not-concurrent", Severity.ERROR, new IndexNotConcurrentRule()),
				new Rule("concurrently-in-transaction", Severity.ERROR, new ConcurrentlyInTransactionRule()),
				new Rule("constraint-not-valid", Severity.ERROR, AddConstraintRule.constraintNotValid()),
				new Rule("validate-same-transaction", Severity.ERROR, new ValidateSameTransactionRule()),
				new Rule("set-not-null", Severity.ERROR, new SetNotNullRule()),
				new Rule("volatile-default", Severity.ERROR, new VolatileDefaultRule()),
				new Rule("column-type-change", Severity.ERROR, new ColumnTypeChangeRule()),
				new Rule("unique-constraint", Severity.ERROR, AddConstraintRule.uniqueConstraint()),
				new Rule("rename", Severity.WARNING, new RenameRule()),
				new Rule("drop", Severity.WARNING, new DropRule()),
				new Rule("unbatched-dml", Severity.WARNING, new UnbatchedDmlRule()),
				new Rule("missing-if-not-exists", Severity.WARNING, new MissingIfNotExistsRule()),
				new Rule("required-column", Severity.ERROR, new RequiredColumnRule()),
				new Rule("enum-value-in-transaction", Severity.ERROR, new EnumValueInTransactionRule()),
				new Rule("transaction-control", Severity.ERROR, new TransactionControlRule()),
				new Rule("truncate-cascade", Severity.ERROR, new TruncateCascadeRule()),
				new Rule("drop-database", Severity.ERROR, new DropDatabaseRule()),
				new Rule("vacuum-full-or-cluster", Severity.ERROR, new VacuumFullRule()),
				new Rule("detach-partition-not-concurrent", Severity.ERROR, new DetachPartitionRule()),
				new Rule("drop-not-null", Severity.WARNING, new DropNotNullRule()),
				new Rule("identifier-too-long", Severity.WARNING, new IdentifierLengthRule()),
				new Rule("char-column", Severity.ADVICE, new CharColumnRule()),
				new Rule("prefer-jsonb", Severity.ADVICE, new PreferJsonbRule()),
				new Rule("prefer-timestamptz", Severity.ADVICE, new PreferTimestamptzRule()),
				new Rule("prefer-bigint-pk", Severity.ADVICE, new PreferBigintPkRule()),
				new Rule("prefer-text", Severity.ADVICE, new PreferTextRule())));
	}

	/**
	 * A linter with every MariaDB and MySQL rule (online DDL: what copies the table or blocks
	 * writes, and the release-breaking drops and renames), reading files with the lexical rules of
	 * the default {@code sql_mode}; {@code {vendor}} is {@code mariadb}.
	 */
	public static MigrationLinter mariadb() {
		return mariadb(MariaDbDialect.offline("mariadb"));
	}

	/**
	 * {@link #mariadb()}, reading files with this dialect's lexical rules and its vendor
	 * ({@code mariadb} or {@code mysql}) for {@code {vendor}}. Engine-internal (the dialect of a
	 * connected session calls it): applications take {@link #mariadb()} or {@link #forVendor}.
	 */
	public static MigrationLinter mariadb(MariaDbDialect dialect) {
		List<Rule> rules = List.of(new Rule("algorithm-copy", Severity.ERROR, new AlgorithmCopyRule()),
				new Rule("lock-not-none", Severity.ERROR, new LockNotNoneRule()),
				new Rule("column-type-change", Severity.ERROR, new MariaDbColumnChangeRule()),
				new Rule("primary-key", Severity.ERROR, new PrimaryKeyRule()),
				new Rule("add-foreign-key", Severity.ERROR, new AddForeignKeyRule()),
				new Rule("optimize-table", Severity.ERROR, new OptimizeTableRule()),
				new Rule("add-column-not-instant", Severity.ERROR, new AddColumnNotInstantRule()),
				new Rule("index-not-online", Severity.WARNING, new IndexNotOnlineRule()),
				new Rule("rename", Severity.WARNING, new MariaDbRenameRule()),
				new Rule("drop", Severity.WARNING, new MariaDbDropRule()),
				new Rule("alter-ignore-unique", Severity.ERROR, new AlterIgnoreUniqueRule()),
				new Rule("unbatched-dml", Severity.WARNING, new MariaDbUnbatchedDmlRule()));
		return new MigrationLinter(dialect, rules, rules.stream().map(Rule::id).toList());
	}

	/**
	 * The linter for a vendor's files, as {@link Dialect#vendor()} names it: {@link #postgres()}
	 * for {@code postgresql}, {@link #mariadb()} for {@code mariadb} and {@code mysql} (with that
	 * vendor for {@code {vendor}}).
	 * @throws IllegalArgumentException for a vendor without a linter (H2 has none)
	 */
	public static MigrationLinter forVendor(String vendor) {
		return switch (vendor) {
			case "postgresql" -> postgres();
			case "mariadb", "mysql" -> mariadb(MariaDbDialect.offline(vendor));
			default -> throw new IllegalArgumentException(
					"No linter for vendor '" + vendor + "': the linted vendors are postgresql, mariadb and mysql");
		};
	}

	/**
	 * The ids of the rules of every database's linter, each once: what {@link #only} and a waiver
	 * may name.
	 */
	public static List<String> allRuleIds() {
		return EveryVendor.RULE_IDS;
	}

	/**
	 * The ids of the rules, in the order they run.
	 */
	public List<String> ruleIds() {
		return this.rules.stream().map(Rule::id).toList();
	}

	/**
	 * A linter that runs only these rules (waivers may still name any rule). An id of another
	 * database's rule selects nothing here: one configuration serves every vendor.
	 * @throws IllegalArgumentException naming the ids that are no rule of any database
	 */
	public MigrationLinter only(Collection<String> ruleIds) {
		List<String> unknown = ruleIds.stream().filter((id) -> !isKnown(id)).toList();
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("Unknown lint rules " + unknown + "; the rules are "
					+ String.join(", ", this.known));
		}
		return new MigrationLinter(this.dialect,
				this.rules.stream().filter((rule) -> ruleIds.contains(rule.id())).toList(), this.known);
	}

	private boolean isKnown(String id) {
		return this.known.contains(id) || allRuleIds().contains(id);
	}

	/**
	 * A linter without the style rules ({@link Severity#ADVICE}): only the rules that predict harm
	 * to a running system (a lock that queues traffic, a rewrite, the running release broken).
	 * What a migrate run applies unless configured otherwise.
	 */
	public MigrationLinter withoutAdvice() {
		return new MigrationLinter(this.dialect,
				this.rules.stream().filter((rule) -> rule.severity() != Severity.ADVICE).toList(), this.known);
	}

	/**
	 * Lints one migration file.
	 * @param script the file's name or location, used in the violations
	 * @param content the file's text
	 * @return the violations, in file order
	 * @throws io.github.migrations.MigrationParseException when the file is malformed
	 */
	public List<LintViolation> lint(String script, String content) {
		return lint(script, MigrationParser.sections(script, content).up());
	}

	/**
	 * Lints the SQL migrations among these, repeatable and baseline files included (Java migrations
	 * are skipped), reading the statements
	 * each already holds. Engine-internal (the run's gates call it): applications lint files or
	 * locations.
	 * @return the violations, file after file
	 */
	public List<LintViolation> lint(List<ResolvedMigration> migrations) {
		return lint(migrations, false);
	}

	/**
	 * Lints the SQL migrations one run applies, in the order given, as {@link #lint(List)} does;
	 * on a fresh database a table or index created by an earlier migration of the run counts as
	 * new, like one created earlier in the same file (nothing else can have filled it yet).
	 * Engine-internal, like {@link #lint(List)}.
	 * @param freshDatabase whether nothing is applied to the database yet (an empty history)
	 * @return the violations, file after file
	 */
	public List<LintViolation> lint(List<ResolvedMigration> migrations, boolean freshDatabase) {
		List<LintViolation> violations = new ArrayList<>();
		CreatedObjects created = new CreatedObjects();
		for (ResolvedMigration migration : migrations) {
			if (migration.kind() == MigrationKind.JAVA) {
				continue;
			}
			if (!freshDatabase) {
				created = new CreatedObjects();
			}
			ScriptSection up = migration.sections().up();
			violations.addAll(lint(migration.location(), migration.upStatements(), up.transactional(),
					lines(up.text()), up.firstLine(), created));
		}
		return violations;
	}

	/**
	 * Lints every SQL migration in these locations ({@code classpath:db/migration},
	 * {@code filesystem:src/main/resources/db/migration}; {@code {vendor}} is this linter's:
	 * {@code postgresql}, {@code mariadb} or {@code mysql}), read as UTF-8.
	 * @return the violations, in version order
	 */
	public List<LintViolation> lintLocations(List<String> locations) {
		return lintLocations(locations, new DefaultResourceLoader(), StandardCharsets.UTF_8);
	}

	/**
	 * Lints every SQL migration in these locations.
	 * @return the violations, in version order
	 */
	public List<LintViolation> lintLocations(List<String> locations, ResourceLoader resourceLoader, Charset encoding) {
		return lint(new MigrationScanner(resourceLoader, encoding).scan(locations, this.dialect, List.of()));
	}

	private List<LintViolation> lint(String script, ScriptSection section) {
		return lint(script, section, this.parser.statements(script, section));
	}

	private List<LintViolation> lint(String script, ScriptSection section, List<SqlStatement> statements) {
		return lint(script, statements, section.transactional(), lines(section.text()), section.firstLine());
	}

	/**
	 * Lints the statements of one section.
	 * @param lines the section's lines, where waivers are read
	 * @param firstLine the file line of the section's first line
	 */
	List<LintViolation> lint(String script, List<SqlStatement> statements, boolean transactional, String[] lines,
			int firstLine) {
		return lint(script, statements, transactional, lines, firstLine, new CreatedObjects());
	}

	/**
	 * Lints the statements of one section, recording the tables and indexes it creates.
	 * @param created the tables and indexes created before the section (in the same file, or
	 * earlier in a run on a fresh database)
	 */
	private List<LintViolation> lint(String script, List<SqlStatement> statements, boolean transactional,
			String[] lines, int firstLine, CreatedObjects created) {
		List<LintStatement> all = new ArrayList<>();
		for (SqlStatement sql : statements) {
			LintStatement statement = new LintStatement(sql, transactional, created, all);
			all.add(statement);
			String table = statement.createdTable();
			String index = statement.createdIndex();
			if (table != null || index != null) {
				created.created(table, index);
			}
		}
		Set<Integer> waiverLinesSeen = new HashSet<>();
		List<LintViolation> violations = new ArrayList<>();
		for (LintStatement statement : all) {
			Set<String> waived = waivers(script, lines, firstLine, statement, waiverLinesSeen, violations);
			// the excerpt only when there is something to report: most statements have nothing
			String excerpt = null;
			for (Rule rule : this.rules) {
				if (waived.contains(rule.id())) {
					continue;
				}
				for (String message : rule.check().check(statement)) {
					if (excerpt == null) {
						excerpt = excerpt(statement.sql());
					}
					violations.add(new LintViolation(script, statement.line(), rule.id(), rule.severity(), message,
							excerpt));
				}
			}
		}
		return violations;
	}

	/**
	 * Reads the waivers in the comment lines directly above a statement.
	 * @return the ids of the rules validly waived
	 */
	private Set<String> waivers(String script, String[] lines, int firstLine, LintStatement statement,
			Set<Integer> seen, List<LintViolation> violations) {
		int above = statement.line() - firstLine - 1;
		if (above < 0 || above >= lines.length || !isComment(lines[above].strip())) {
			return Set.of();
		}
		String excerpt = excerpt(statement.sql());
		Set<String> waived = new LinkedHashSet<>();
		List<LintViolation> found = new ArrayList<>();
		for (int i = above; i >= 0 && i < lines.length; i--) {
			String line = lines[i].strip();
			if (!isComment(line)) {
				break;
			}
			Matcher matcher = WAIVER.matcher(line);
			if (!matcher.matches()) {
				continue;
			}
			int fileLine = firstLine + i;
			String[] words = matcher.group(1).strip().split("\\s+", 2);
			String id = words[0];
			String reason = (words.length > 1) ? words[1].strip() : "";
			boolean report = seen.add(fileLine);
			if (!isKnown(id)) {
				if (report) {
					found.add(0, new LintViolation(script, fileLine, UNKNOWN_WAIVER, Severity.ERROR,
							"The waiver names " + (id.isEmpty() ? "no rule" : "the unknown rule '" + id + "'")
									+ ". Write '-- migrations:allow <rule-id> <reason>' with one of: "
									+ String.join(", ", this.known) + ".",
							excerpt));
				}
			}
			else if (reason.isEmpty()) {
				if (report) {
					found.add(0, new LintViolation(script, fileLine, WAIVER_WITHOUT_REASON, Severity.ERROR,
							"The waiver of " + id + " gives no reason, so it waives nothing. Say why the statement "
									+ "is safe here: '-- migrations:allow " + id + " <reason>'.",
							excerpt));
				}
			}
			else {
				waived.add(id);
			}
		}
		// Read bottom-up, reported in file order.
		violations.addAll(found);
		return waived;
	}

	/**
	 * Whether a stripped line is a line comment: {@code --}, and {@code #} where the database
	 * reads it as one.
	 */
	private boolean isComment(String line) {
		return line.startsWith("--") || (this.hashComments && line.startsWith("#"));
	}

	/**
	 * The section's lines, split at {@code \r\n}, {@code \r} or {@code \n} (by hand: this runs
	 * for every pending file of every run).
	 */
	static String[] lines(String text) {
		List<String> lines = new ArrayList<>();
		int start = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\n' || c == '\r') {
				lines.add(text.substring(start, i));
				if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
					i++;
				}
				start = i + 1;
			}
		}
		lines.add(text.substring(start));
		return lines.toArray(new String[0]);
	}

	/**
	 * The statement on one line, runs of white space as one space, cut to
	 * {@value #EXCERPT_LENGTH} characters.
	 */
	static String excerpt(String sql) {
		String stripped = sql.strip();
		StringBuilder collapsed = new StringBuilder(Math.min(stripped.length(), EXCERPT_LENGTH + 1));
		boolean space = false;
		for (int i = 0; i < stripped.length() && collapsed.length() <= EXCERPT_LENGTH; i++) {
			char c = stripped.charAt(i);
			// the white space of the regex \s, as before
			if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
				space = true;
				continue;
			}
			if (space) {
				collapsed.append(' ');
				space = false;
			}
			collapsed.append(c);
		}
		return (collapsed.length() <= EXCERPT_LENGTH) ? collapsed.toString()
				: collapsed.substring(0, EXCERPT_LENGTH - 3) + "...";
	}

	/**
	 * A rule as the linter runs it.
	 * @param id the stable id, what a waiver names
	 * @param severity how much a finding weighs
	 * @param check what finds the problems
	 */
	private record Rule(String id, Severity severity, LintRule check) {
	}

	// initialised on first use: the linters it builds must not need it
	private static final class EveryVendor {

		static final List<String> RULE_IDS = Stream
			.concat(postgres().ruleIds().stream(), mariadb().ruleIds().stream())
			.distinct()
			.toList();

	}

}
