package sh.ratri.examples.scenarios;

import sh.ratri.annotations.Action;
import sh.ratri.annotations.ChildRun;
import sh.ratri.annotations.Handoff;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Tool;

/**
 * Arguments whose {@code toString()} makes a traced call itself: the agent spells them while the
 * call that receives them enters, so that call's entry is still reading its arguments when the inner
 * one enters on the same thread. A method with more parameters than the bridge takes one by one is here too.
 */
public class TracedToString {

    /** A note that spells itself through a traced tool, as an object might through a formatting service. */
    public static final class Note {
        private final String id;
        private final String text;
        private final Formatter formatter;

        Note(String id, String text, Formatter formatter) {
            this.id = id;
            this.text = text;
            this.formatter = formatter;
        }

        @Override
        public String toString() {
            return formatter.format(id, text);
        }
    }

    public static class Formatter {
        @Tool(name = "notes.format", action = @Action(type = "read"))
        public String format(String id, String text) {
            return id + ": " + text;
        }
    }

    private final Formatter formatter = new Formatter();

    @Run(stepKey = "notes", stepName = "File {id}")
    public String file(String id, String text) {
        Note note = new Note(id, text, formatter);
        return deliver(note, 2) + " / " + archive("box", 7, 8L, true, 'z', 0.5);
    }

    /** Its handoff's reason and its run's name both spell the note: two inner calls while this one enters. */
    @Handoff(reason = "Send {note}")
    @ChildRun(stepKey = "sender", stepName = "Send {note}")
    public String deliver(Note note, int copies) {
        return send(note, copies);
    }

    @Tool(name = "notes.send", action = @Action(type = "write"))
    public String send(Note note, int copies) {
        return "sent " + copies;
    }

    @Tool(name = "notes.archive", action = @Action(type = "write"))
    public static String archive(String shelf, int row, long slot, boolean sealed, char mark, double weight) {
        return "archived " + shelf + row;
    }
}
