package sh.ratri.agent.replay;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The parsed arguments of {@code replay [PATH…] [--session ID] [--json]}. */
record ReplayOptions(List<Path> paths, String sessionId, boolean json, boolean help) {

    static final String USAGE = "usage: replay [PATH…] [--session ID] [--json]";
    static final Path DEFAULT_PATH = Path.of("ratri-events");

    /** @throws IllegalArgumentException naming the offending argument */
    static ReplayOptions parse(List<String> args) {
        List<Path> paths = new ArrayList<>();
        String sessionId = null;
        boolean json = false;
        boolean help = false;
        boolean onlyPathsFollow = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (onlyPathsFollow || !arg.startsWith("-")) {
                paths.add(path(arg));
            } else if (arg.equals("--")) {
                onlyPathsFollow = true;
            } else if (arg.equals("--json")) {
                json = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.equals("--session") || arg.startsWith("--session=")) {
                if (sessionId != null) {
                    throw new IllegalArgumentException("--session given twice");
                }
                if (arg.equals("--session")) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("-")) {
                        throw new IllegalArgumentException("--session needs a session id");
                    }
                    sessionId = args.get(++i);
                } else {
                    sessionId = arg.substring("--session=".length());
                }
                if (sessionId.isBlank()) {
                    throw new IllegalArgumentException("--session needs a session id");
                }
            } else {
                throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (paths.isEmpty()) {
            paths.add(DEFAULT_PATH);
        }
        return new ReplayOptions(List.copyOf(paths), sessionId, json, help);
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
