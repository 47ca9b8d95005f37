package io.github.migrations.cli.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;


/**
 * The files a branch adds or changes, from {@code git}: those changed between the merge base with
 * a reference and the working tree (deleted ones left out), and the untracked ones. Against the
 * merge base, not the reference itself, so that what the reference gained since the branch started
 * does not count.
 */
public final class GitChanges {

	private GitChanges() {
	}

	/**
	 * The files added or changed since the merge base with the reference, absolute.
	 * @param directory a directory of the git checkout
	 * @param ref a branch, tag or commit, e.g. {@code origin/main}
	 * @throws CommandException when git is missing or does not know the reference
	 */
	public static Set<Path> since(Path directory, String ref) {
		Path root = Path.of(git(directory, "rev-parse", "--show-toplevel").get(0));
		String base = git(directory, "merge-base", ref, "HEAD").get(0);
		List<String> names = new ArrayList<>(git(directory, "diff", "--name-only", "--diff-filter=d", base));
		names.addAll(git(directory, "ls-files", "--others", "--exclude-standard", "--full-name"));
		Set<Path> files = new HashSet<>();
		names.forEach((name) -> files.add(root.resolve(name).toAbsolutePath().normalize()));
		return files;
	}

	private static List<String> git(Path directory, String... arguments) {
		List<String> command = new ArrayList<>(List.of("git", "-C", directory.toString()));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0 || output.isBlank()
					&& !"diff".equals(arguments[0]) && !"ls-files".equals(arguments[0])) {
				throw new CommandException("--changed-since needs git: '" + String.join(" ", command) + "' failed: "
						+ output.strip() + ". Run in a git checkout that has the reference (in CI, fetch it: "
						+ "actions/checkout with fetch-depth: 0).");
			}
			return output.lines().filter((line) -> !line.isBlank()).toList();
		}
		catch (IOException ex) {
			throw new CommandException("--changed-since needs git on the PATH: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CommandException("Interrupted while running git");
		}
	}

}
