package sh.ratri.agent.replay;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The parsed arguments of {@code replay}: paths, session filters, where the output goes, and the
 * statuses that fail the command ({@code --fail-on}).
 *
 * @param html     the HTML file to write, or null
 * @param markdown the Markdown file to write ({@code -} = standard output), or null
 * @param failOn   statuses that make the replay exit with {@link Replay#EXIT_FAIL_ON}; empty = never
 * @param baseline the events to compare with ({@code --diff}), or null
 */
record ReplayOptions(
        List<Path> paths,
        String sessionId,
        String agent,
        String status,
        boolean json,
        boolean list,
        Path html,
        String markdown,
        Set<String> failOn,
        Path baseline,
        DiffThresholds thresholds,
        boolean help) {

    static final String USAGE = "usage: replay [PATH…] [--session ID] [--agent KEY] [--status STATUS] "
            + "[--json | --list] [--html FILE] [--markdown FILE|-] [--fail-on failed,blocked] "
            + "[--diff BASELINE [--threshold PERCENT]]";
    static final Path DEFAULT_PATH = Path.of("ratri-events");
    static final String STANDARD_OUTPUT = "-";

    /** Something other than the default text tree was asked for. */
    boolean writesFiles() {
        return html != null || (markdown != null && !markdown.equals(STANDARD_OUTPUT));
    }

    boolean markdownToStandardOutput() {
        return STANDARD_OUTPUT.equals(markdown);
    }

    /** @throws IllegalArgumentException naming the offending argument */
    static ReplayOptions parse(List<String> args) {
        Parser parser = new Parser(args);
        parser.parse();
        return parser.options();
    }

    private static final class Parser {
        private final List<String> args;
        private int at;
        private final List<Path> paths = new ArrayList<>();
        private String sessionId;
        private String agent;
        private String status;
        private boolean json;
        private boolean list;
        private String html;
        private String markdown;
        private String failOn;
        private String baseline;
        private String threshold;
        private boolean help;

        Parser(List<String> args) {
            this.args = args;
        }

        void parse() {
            boolean onlyPathsFollow = false;
            for (at = 0; at < args.size(); at++) {
                String arg = args.get(at);
                if (onlyPathsFollow || !arg.startsWith("-")) {
                    paths.add(path(arg));
                } else if (arg.equals("--")) {
                    onlyPathsFollow = true;
                } else if (arg.equals("--json")) {
                    json = true;
                } else if (arg.equals("--list")) {
                    list = true;
                } else if (arg.equals("--help") || arg.equals("-h")) {
                    help = true;
                } else if (is(arg, "--session")) {
                    sessionId = value(arg, "--session", sessionId, "a session id");
                } else if (is(arg, "--agent")) {
                    agent = value(arg, "--agent", agent, "an agent key");
                } else if (is(arg, "--status")) {
                    status = value(arg, "--status", status, "a status");
                } else if (is(arg, "--html")) {
                    html = value(arg, "--html", html, "a file name");
                } else if (is(arg, "--markdown")) {
                    markdown = value(arg, "--markdown", markdown, "a file name or -");
                } else if (is(arg, "--fail-on")) {
                    failOn = value(arg, "--fail-on", failOn, "statuses, e.g. failed,blocked");
                } else if (is(arg, "--diff")) {
                    baseline = value(arg, "--diff", baseline, "a baseline file or directory");
                } else if (is(arg, "--threshold")) {
                    threshold = value(arg, "--threshold", threshold, "a percentage, e.g. 25");
                } else {
                    throw new IllegalArgumentException("unknown option " + arg);
                }
            }
        }

        ReplayOptions options() {
            if (json && list) {
                throw new IllegalArgumentException("--json and --list cannot be combined");
            }
            if (STANDARD_OUTPUT.equals(markdown) && (json || list)) {
                throw new IllegalArgumentException("--markdown - and " + (json ? "--json" : "--list")
                        + " would both write to standard output");
            }
            if (status != null && !Outcome.STATUSES.contains(status)) {
                throw new IllegalArgumentException("--status " + status + " is not one of "
                        + String.join(", ", Outcome.STATUSES));
            }
            Set<String> gates = failOn == null ? Set.of() : FailGate.parseStatuses(failOn);
            if (baseline == null) {
                String diffGate = BehaviourDiff.GATES.stream().filter(gates::contains).findFirst().orElse(null);
                if (diffGate != null) {
                    throw new IllegalArgumentException("--fail-on " + diffGate + " compares with a baseline: "
                            + "it needs --diff BASELINE");
                }
                if (threshold != null) {
                    throw new IllegalArgumentException("--threshold applies to --diff BASELINE, which is not given");
                }
            } else if (list) {
                throw new IllegalArgumentException("--diff and --list cannot be combined");
            }
            if (paths.isEmpty()) {
                paths.add(DEFAULT_PATH);
            }
            return new ReplayOptions(List.copyOf(paths), sessionId, agent, status, json, list,
                    html == null ? null : path(html), markdown, gates, baseline == null ? null : path(baseline),
                    threshold == null ? DiffThresholds.DEFAULT : DiffThresholds.parse(threshold), help);
        }

        private static boolean is(String arg, String option) {
            return arg.equals(option) || arg.startsWith(option + "=");
        }

        /** {@code --name value} or {@code --name=value}, given once and not blank. */
        private String value(String arg, String option, String previous, String what) {
            if (previous != null) {
                throw new IllegalArgumentException(option + " given twice");
            }
            String value;
            if (arg.equals(option)) {
                String next = at + 1 < args.size() ? args.get(at + 1) : null;
                boolean stdout = option.equals("--markdown") && STANDARD_OUTPUT.equals(next);
                if (next == null || (next.startsWith("-") && !stdout)) {
                    throw new IllegalArgumentException(option + " needs " + what);
                }
                value = next;
                at++;
            } else {
                value = arg.substring(option.length() + 1);
            }
            if (value.isBlank()) {
                throw new IllegalArgumentException(option + " needs " + what);
            }
            return value;
        }
    }

    private static Path path(String arg) {
        if (arg.isBlank()) {
            throw new IllegalArgumentException("empty path");
        }
        try {
            return Path.of(arg);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid path " + arg);
        }
    }
}
