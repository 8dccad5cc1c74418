package sh.ratri.agent.cli;

import sh.ratri.agent.AgentJar;
import sh.ratri.agent.collect.Collect;
import sh.ratri.agent.config.AgentVersion;
import sh.ratri.agent.replay.Replay;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The command line: {@code java -jar ratri-agent.jar replay|attach|collect|--version}. It only parses the
 * verb and hands over.
 */
public final class Main {

    private static final String USAGE = String.join("\n",
            "usage: java -jar ratri-agent.jar <command>",
            "  replay [PATH…] [--session ID] [--json]   print recorded sessions (PATH defaults to ratri-events/)",
            "         [--agent KEY] [--status STATUS]   keep sessions of that agent / that ended so",
            "         [--list]                          one line per session, newest first",
            "         [--html FILE]                     write a self-contained timeline page",
            "         [--markdown FILE|-]               write a Markdown summary (e.g. $GITHUB_STEP_SUMMARY)",
            "         [--fail-on failed,blocked]        exit 3 if a session holds such items (also: unfinished, flagged, unapproved)",
            "         [--diff BASELINE]                 compare with a baseline's sessions (file or directory of events)",
            "         [--threshold PERCENT]             with --diff: report tokens, cost, duration changed by this much (25)",
            "         [--fail-on new-tool,risk-up,missing-step]   with --diff: exit 3 on such a change",
            "  attach PID [k=v,…]                      load the agent into a running JVM",
            "  collect [--port N] [--dir DIR] [--api-key KEY]",
            "                                          receive events from exporter=http on 127.0.0.1:4319",
            "                                          into DIR (default ratri-events/)",
            "  --version                               print the agent version");

    private Main() {
    }

    public static void main(String[] args) {
        // the replay tree uses box-drawing characters: print UTF-8 whatever the platform encoding
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(run(Arrays.asList(args), out, err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        List<String> rest = args.subList(1, args.size());
        switch (args.get(0)) {
            case "replay":
                return Replay.run(rest, out, err);
            case "attach":
                return attach(rest, out, err);
            case "collect":
                return Collect.run(rest, out, err);
            case "--version":
            case "version":
                out.println("ratri-agent " + version());
                return 0;
            case "--help":
            case "-h":
            case "help":
                out.println(USAGE);
                return 0;
            default:
                err.println("ratri: unknown command '" + args.get(0) + "'");
                err.println(USAGE);
                return 2;
        }
    }

    private static int attach(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.size() > 2 || !args.get(0).matches("\\d{1,18}")) {
            err.println("ratri: attach needs a process id, e.g. attach 12345 agent.key=my-app");
            return 2;
        }
        String refused = AttachTarget.problem(Long.parseLong(args.get(0)));
        if (refused != null) {
            err.println("ratri: attach: " + refused);
            return 2;
        }
        try {
            Attacher.attach(args.get(0), AgentJar.path().toString(), args.size() == 2 ? args.get(1) : "");
            out.println("ratri: agent loaded into process " + args.get(0));
            return 0;
        } catch (Exception | LinkageError e) {
            err.println("ratri: could not attach to process " + args.get(0) + ": " + e.getMessage());
            return 1;
        }
    }

    static String version() {
        return AgentVersion.get();
    }
}
