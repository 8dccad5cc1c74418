package sh.ratri.agent.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.json.JsonWriter;

/**
 * {@code replay --html FILE}: one self-contained page (inline CSS and JavaScript, nothing fetched)
 * that draws each session as a timeline. The data ({@link HtmlModel}) travels as JSON inside a
 * {@code <script type="application/json">} block and the page builds its DOM from it with
 * {@code textContent}, so recorded text is never parsed as HTML.
 */
final class HtmlReplay implements SessionOutput {

    static final String TEMPLATE = "replay.html";
    static final String DATA_MARKER = "/*RATRI_DATA*/";
    static final String SCRIPT_HASH_MARKER = "RATRI_SCRIPT_HASH";
    static final String APP_SCRIPT_OPEN = "<script id=\"ratri-app\">";

    private final Writer out;
    private final String templateEnd;
    private boolean first = true;
    private JsonObject diff;

    /** Writes the page's head and script at once, then the data of each session as it comes. */
    HtmlReplay(Writer out) throws IOException {
        this.out = out;
        String template = withScriptHash(template());
        int marker = template.indexOf(DATA_MARKER);
        if (marker < 0) {
            throw new IllegalStateException(TEMPLATE + " has no " + DATA_MARKER);
        }
        templateEnd = template.substring(marker + DATA_MARKER.length());
        // the data is {"sessions":[…],"skipped":"…"?}, written in pieces
        out.write(template, 0, marker);
        out.write("{\"sessions\":[");
    }

    static String render(List<SessionNode> sessions, Map<String, SessionEvents> events, SkipReport skipped) {
        StringWriter page = new StringWriter();
        try {
            HtmlReplay html = new HtmlReplay(page);
            for (SessionNode session : sessions) {
                html.session(session, events.getOrDefault(session.sessionId(), SessionEvents.empty()));
            }
            html.finish(skipped);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return page.toString();
    }

    /** With {@code replay --diff}: the page also shows the changes, and each changed session beside its baseline. */
    HtmlReplay withDiff(JsonObject diffModel) {
        this.diff = diffModel;
        return this;
    }

    @Override
    public void session(SessionNode session, SessionEvents events) throws IOException {
        if (!first) {
            out.write(',');
        }
        first = false;
        out.write(embed(HtmlModel.of(session, events)));
    }

    @Override
    public void finish(SkipReport skipped) throws IOException {
        out.write(']');
        if (!skipped.isEmpty()) {
            out.write(",\"skipped\":");
            out.write(embed(skipped.describe()));
        }
        if (diff != null) {
            out.write(",\"diff\":");
            out.write(embed(diff));
        }
        out.write('}');
        out.write(templateEnd);
        out.flush();
    }

    /**
     * JSON that is safe inside a script element: no {@code <} means no {@code </script>} and no
     * {@code <!--}; {@code >} and {@code &} go too, and U+2028/U+2029, which older JavaScript
     * parsers treat as line ends. All of them are only ever inside JSON strings, where the
     * {@code \}{@code uXXXX} form reads back as the same character.
     */
    static String embed(Object data) {
        String json = JsonWriter.compact(data);
        StringBuilder safe = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> safe.append("\\u003c");
                case '>' -> safe.append("\\u003e");
                case '&' -> safe.append("\\u0026");
                case '\u2028' -> safe.append("\\u2028");
                case '\u2029' -> safe.append("\\u2029");
                default -> safe.append(c);
            }
        }
        return safe.toString();
    }

    /**
     * The page's Content-Security-Policy allows only its own script, by hash: nothing is fetched,
     * and even markup that slipped through could run no inline handler.
     */
    static String withScriptHash(String template) {
        int start = template.indexOf(APP_SCRIPT_OPEN);
        int end = start < 0 ? -1 : template.indexOf("</script>", start);
        if (end < 0 || !template.contains(SCRIPT_HASH_MARKER)) {
            throw new IllegalStateException(TEMPLATE + " lacks " + APP_SCRIPT_OPEN + " or " + SCRIPT_HASH_MARKER);
        }
        String script = template.substring(start + APP_SCRIPT_OPEN.length(), end);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return template.replace(SCRIPT_HASH_MARKER, "sha256-" + Base64.getEncoder().encodeToString(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String template() {
        try (InputStream in = HtmlReplay.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + TEMPLATE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
