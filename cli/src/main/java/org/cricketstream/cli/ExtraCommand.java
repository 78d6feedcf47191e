package org.cricketstream.cli;

/**
 * A subcommand shipped in another jar, added to {@code ./cricket} when that jar is on the class
 * path: a picocli {@code @Command} class with a public no-argument constructor, listed in its jar's
 * {@code META-INF/services/org.cricketstream.cli.ExtraCommand}. The bench module's {@code bench} is
 * one: benchmarks stay out of the cli's own code, and the launcher puts them on the class path.
 */
public interface ExtraCommand {}
