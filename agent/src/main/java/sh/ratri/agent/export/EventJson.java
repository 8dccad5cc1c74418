package sh.ratri.agent.export;

import sh.ratri.agent.config.AgentConfig;
import sh.ratri.agent.json.JsonObject;
import sh.ratri.agent.json.JsonReader;
import sh.ratri.agent.policy.Decision;
import sh.ratri.agent.schema.EventType;
import sh.ratri.agent.schema.Fields;
import sh.ratri.agent.schema.Status;
import sh.ratri.agent.timeline.Event;
import sh.ratri.agent.timeline.Failure;
import sh.ratri.agent.timeline.LlmCall;
import sh.ratri.agent.timeline.LlmOutcome;
import sh.ratri.agent.timeline.Pairs;
import sh.ratri.agent.timeline.SpecValues;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Writes one {@link Event} as a {@code ratri.event/v1} JSON object into a {@link JsonOut}. Field
 * names and the values that never change are encoded once, and ids and timestamps are spelled
 * straight into the output bytes: this runs for every event on the exporter thread (and only
 * there: it is not thread-safe).
 */
public final class EventJson {

    public static final String SCHEMA = Fields.SCHEMA_VERSION;

    private static final Set<String> RESERVED = Set.of(Fields.STATUS, Fields.DURATION_MS, Fields.OUTPUT_SUMMARY,
            Fields.ERROR, Fields.STEP_KEY, Fields.STEP_NAME, Fields.STEP_INDEX);

    /** The envelope up to the event id's first char, which every event starts with. */
    private static final byte[] HEAD = ascii("{\"" + Fields.SCHEMA + "\":\"" + SCHEMA + "\",\"" + Fields.EVENT_ID + "\":\"");
    private static final byte[] F_TYPE = JsonOut.name(Fields.TYPE), F_AGENT = JsonOut.name(Fields.AGENT),
            F_KEY = JsonOut.name(Fields.KEY), F_NAME = JsonOut.name(Fields.NAME), F_MODE = JsonOut.name(Fields.MODE),
            F_SESSION_ID = JsonOut.name(Fields.SESSION_ID), F_KIND = JsonOut.name(Fields.KIND),
            F_INPUT_SUMMARY = JsonOut.name(Fields.INPUT_SUMMARY), F_METADATA = JsonOut.name(Fields.METADATA),
            F_STEP_KEY = JsonOut.name(Fields.STEP_KEY), F_STEP_NAME = JsonOut.name(Fields.STEP_NAME),
            F_STEP_INDEX = JsonOut.name(Fields.STEP_INDEX), F_ROLE = JsonOut.name(Fields.ROLE), F_TOOL = JsonOut.name(Fields.TOOL),
            F_RISK_LEVEL = JsonOut.name(Fields.RISK_LEVEL), F_ACTION = JsonOut.name(Fields.ACTION),
            F_RESOURCE = JsonOut.name(Fields.RESOURCE), F_EXTERNAL_ID = JsonOut.name(Fields.EXTERNAL_ID),
            F_SOURCE_RUN_ID = JsonOut.name(Fields.SOURCE_RUN_ID), F_REASON = JsonOut.name(Fields.REASON),
            F_PAYLOAD_SUMMARY = JsonOut.name(Fields.PAYLOAD_SUMMARY), F_STATUS = JsonOut.name(Fields.STATUS),
            F_DURATION_MS = JsonOut.name(Fields.DURATION_MS), F_OUTPUT_SUMMARY = JsonOut.name(Fields.OUTPUT_SUMMARY),
            F_ERROR = JsonOut.name(Fields.ERROR), F_MESSAGE = JsonOut.name(Fields.MESSAGE), F_COUNT = JsonOut.name(Fields.COUNT),
            F_DECISION = JsonOut.name(Fields.DECISION), F_RULE = JsonOut.name(Fields.RULE), F_APPROVAL = JsonOut.name(Fields.APPROVAL),
            F_ID = JsonOut.name(Fields.ID), F_APPROVER = JsonOut.name(Fields.APPROVER),
            F_PROVIDER = JsonOut.name(Fields.PROVIDER),
            F_MODEL = JsonOut.name(Fields.MODEL), F_OPERATION = JsonOut.name(Fields.OPERATION),
            F_INPUT_TOKENS = JsonOut.name(Fields.INPUT_TOKENS), F_OUTPUT_TOKENS = JsonOut.name(Fields.OUTPUT_TOKENS),
            F_CACHED_INPUT_TOKENS = JsonOut.name(Fields.CACHED_INPUT_TOKENS),
            F_REASONING_TOKENS = JsonOut.name(Fields.REASONING_TOKENS), F_FINISH_REASON = JsonOut.name(Fields.FINISH_REASON),
            F_COST_USD = JsonOut.name(Fields.COST_USD);
    /**
     * {@code ,"runId":"} and so on: the ids {@link Event#carriedIds} gives, in its order, each with the
     * comma before it (an id is never an object's first field) and its opening quote.
     */
    private static final byte[][] ID_FIELDS = idFields(Fields.RUN_ID, Fields.PARENT_RUN_ID, Fields.STEP_ID,
            Fields.TOOL_CALL_ID, Fields.HANDOFF_ID, Fields.LLM_CALL_ID);
    /**
     * Per type, the bytes from the event id's closing quote to the timestamp's first char
     * ({@code ","type":"run.started","timestamp":"}): the envelope's constant runs are copied whole.
     */
    private static final byte[][] TYPE_TO_TIMESTAMP = new byte[EventType.values().length][];
    /** From the timestamp's last char to the sequence's first digit. */
    private static final byte[] ZONE_TO_SEQUENCE = ascii("Z\",\"" + Fields.SEQUENCE + "\":");
    private static final byte[] THREAD = ascii(",\"" + Fields.THREAD + "\":");
    private static final byte[] ATTRIBUTES = ascii(",\"" + Fields.ATTRIBUTES + "\":{");
    /** A null thread name, framed as {@link #threadNames} frames a name. */
    private static final byte[] NULL_THREAD = concat(THREAD, ascii("null"), ATTRIBUTES);
    private static final byte[] END_ATTRIBUTES_AND_EVENT = ascii("}}");
    /** Per status, an ended event's first attributes up to the duration's first digit ({@code "status":"completed","durationMs":}). */
    private static final byte[][] STATUS_AND_DURATION = new byte[Status.values().length][];
    private static final byte[] REDACTED = JsonOut.value(Redactor.REDACTED);
    private static final String PARENT_SESSION_ID = "parentSessionId";
    /** Pairs are the members a spec hands over after its named ones (a session's kind and input, a handoff's reason). */
    private static final int PAIRS_MEMBER = 2;

    static {
        for (EventType type : EventType.values()) {
            TYPE_TO_TIMESTAMP[type.ordinal()] = concat(ascii("\",\"" + Fields.TYPE + "\":"), JsonOut.value(type.wire()),
                    ascii(",\"" + Fields.TIMESTAMP + "\":\""));
        }
        for (Status status : Status.values()) {
            STATUS_AND_DURATION[status.ordinal()] = concat(F_STATUS, JsonOut.value(status.wire()),
                    ascii(","), F_DURATION_MS);
        }
    }

    private static byte[][] idFields(String... names) {
        byte[][] fields = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            fields[i] = ascii(",\"" + names[i] + "\":\"");
        }
        return fields;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        JsonOut out = new JsonOut(64);
        for (byte[] part : parts) {
            out.raw(part);
        }
        return out.toByteArray();
    }

    private final Clock clock;
    private final IdFormat ids;
    private final Redactor redactor;
    private final int maxChars;
    /**
     * {@code ,"agent":{…},"mode":"…","sessionId":"…"}: the agent and mode are the same in every event
     * of this JVM, and events come in runs of one session ({@link #session}), so these bytes are
     * copied whole, and the id spelled again only when the session changes.
     */
    private final byte[] agentModeAndSession;
    private long session;
    /** For {@link #tree}, which the console and OTLP sinks call on the exporter thread. */
    private final JsonOut treeOut = new JsonOut(1024);
    private final SpecAttributes specAttributes = new SpecAttributes();
    private final PlainSummaries plainSummaries = new PlainSummaries();
    /** Thread names, a few hundred threads at most in the usual pool-based application. */
    private final EncodedNames threadNames = new EncodedNames(256, THREAD, ATTRIBUTES);
    private final byte[][] typeAndSecond = new byte[EventType.values().length][];
    /** The clock's second-prefix each of {@link #typeAndSecond} was made with. */
    private final byte[][] typeAndSecondMadeOf = new byte[EventType.values().length][];
    private final EncodedKeys pairKeys;
    private final UnaryOperator<String> summaryOf = this::summary;
    private final long[] carriedIds = new long[Event.CARRIED_IDS];

    /** The writer of the agent {@code config} describes, its clock started now: for tests and benchmarks. */
    public static EventJson startingNow(AgentConfig config) {
        Clock clock = Clock.now();
        return of(config, clock, new IdFormat(clock.startEpochMillis()));
    }

    static EventJson of(AgentConfig config, Clock clock, IdFormat ids) {
        return new EventJson(config.agentKey(), config.agentName(), config.mode().wire(), clock, ids,
                new Redactor(config.redactKeys()), config.captureMaxChars());
    }

    EventJson(String agentKey, String agentName, String mode, Clock clock, IdFormat ids, Redactor redactor,
              int maxChars) {
        this.clock = clock;
        this.ids = ids;
        this.redactor = redactor;
        this.maxChars = maxChars;
        this.pairKeys = new EncodedKeys(256, redactor);
        JsonOut out = new JsonOut(256);
        out.raw((byte) ',');
        out.raw(F_AGENT);
        out.startObject();
        out.field(F_KEY);
        out.string(agentKey);
        out.field(F_NAME);
        out.string(agentName);
        out.endObject();
        out.field(F_MODE);
        out.string(mode);
        out.field(F_SESSION_ID);
        out.quotedSlot(IdFormat.LENGTH);
        this.agentModeAndSession = out.toByteArray();
        spellSession(0);
    }

    private void spellSession(long id) {
        session = id;
        ids.entityId(id, agentModeAndSession, agentModeAndSession.length - 1 - IdFormat.LENGTH);
    }

    /**
     * Appends the event's object to {@code out}. Should it fail half-way (a bug, not bad input: every
     * value is a string or number by now), {@code out} is left as it was and the failure thrown, so
     * a sink never writes half a line.
     */
    public void write(JsonOut out, Event e, long sequence) {
        int mark = out.size();
        try {
            writeObject(out, e, sequence);
        } catch (RuntimeException | StackOverflowError failure) {
            out.truncate(mark);
            throw failure;
        }
    }

    /** {@link #write(JsonOut, Event, long)} of the batch's {@code i}th event, a loss report spelled from its numbers. */
    public void write(JsonOut out, Batch batch, int i) {
        if (!batch.isLoss(i)) {
            write(out, batch.event(i), batch.sequence(i));
            return;
        }
        int mark = out.size();
        try {
            envelope(out, EventType.AGENT_DROPPED, batch.lossNanos(i), batch.sequence(i), batch.sessionId(i));
            // the bytes an Event.dropped made on the exporter thread gives: no other id, its thread, the count
            out.raw(threadNames.encoded(Exporter.THREAD));
            number(out, F_COUNT, batch.lossCount(i));
            out.raw(END_ATTRIBUTES_AND_EVENT);
        } catch (RuntimeException | StackOverflowError failure) {
            out.truncate(mark);
            throw failure;
        }
    }

    private void writeObject(JsonOut out, Event e, long sequence) {
        envelope(out, e.type(), e.nanos(), sequence, e.sessionId());
        e.carriedIds(carriedIds);
        for (int i = 0; i < Event.CARRIED_IDS; i++) {
            long id = carriedIds[i];
            if (id != 0) {
                out.raw(ID_FIELDS[i]);
                int at = out.reserve(IdFormat.LENGTH + 1);
                byte[] b = out.bytes();
                ids.entityId(id, b, at);
                b[at + IdFormat.LENGTH] = '"';
            }
        }
        out.raw(e.thread() == null ? NULL_THREAD : threadNames.encoded(e.thread())); // ,"thread":"main","attributes":{
        attributes(out, e);
        if (e.extra() != null) {
            for (Map.Entry<String, String> kv : e.extra().entrySet()) {
                if (RESERVED.contains(kv.getKey())) {
                    continue; // an added attribute never overrides a field of the schema
                }
                out.field(kv.getKey());
                out.string(redactor.isSecretKey(kv.getKey()) ? Redactor.REDACTED : summary(kv.getValue()));
            }
        }
        out.raw(END_ATTRIBUTES_AND_EVENT);
    }

    /** Every event's fields up to its session id's closing quote: schema, event id, type, timestamp, sequence, agent, mode. */
    private void envelope(JsonOut out, EventType type, long nanos, long sequence, long sessionId) {
        long epochNanos = clock.epochNanos(nanos);
        out.raw(HEAD);
        int eventId = out.reserve(IdFormat.LENGTH); // before out.bytes(), which reserving may replace
        ids.eventId(epochNanos / 1_000_000L, sequence, out.bytes(), eventId);
        out.raw(typeAndSecond(type.ordinal(), clock.secondPrefix(epochNanos)));
        int micros = out.reserve(6);
        JsonOut.sixDigits(out.bytes(), micros, Clock.micros(epochNanos));
        out.raw(ZONE_TO_SEQUENCE);
        out.number(sequence);
        if (sessionId != session) {
            spellSession(sessionId);
        }
        out.raw(agentModeAndSession);
    }

    /**
     * {@code ","type":"run.started","timestamp":"2026-11-25T03:45:31.}: the type's constant bytes
     * and the timestamp up to its second, made again only when the second changes.
     */
    private byte[] typeAndSecond(int type, byte[] secondPrefix) {
        if (typeAndSecondMadeOf[type] != secondPrefix) {
            typeAndSecond[type] = concat(TYPE_TO_TIMESTAMP[type], secondPrefix);
            typeAndSecondMadeOf[type] = secondPrefix;
        }
        return typeAndSecond[type];
    }

    /** The same object as a tree, for sinks that map events rather than copy them (console, OTLP). */
    public JsonObject tree(Event e, long sequence) throws IOException {
        treeOut.reset();
        write(treeOut, e, sequence);
        return (JsonObject) JsonReader.read(treeOut.bytes(), 0, treeOut.size());
    }

    private void attributes(JsonOut out, Event e) {
        switch (e.type()) {
            case SESSION_STARTED, RUN_STARTED, STEP_STARTED, TOOL_STARTED, LLM_STARTED, HANDOFF_REQUESTED,
                    HANDOFF_FAILED -> specAttributes.write(out, e);
            case HANDOFF_COMPLETED -> id(out, F_SOURCE_RUN_ID, e.sourceRunId());
            case SESSION_ENDED, RUN_ENDED, STEP_ENDED, TOOL_ENDED, LLM_ENDED -> {
                out.raw(STATUS_AND_DURATION[e.status().ordinal()]); // the attributes' first: no comma
                out.thousandths(e.durationNanos() / 1_000L);
                // spelled here when the call kept its value: read once, and not for a step, which shows none
                String output = e.type() == EventType.STEP_ENDED ? null : e.output();
                if (output != null) {
                    out.field(F_OUTPUT_SUMMARY);
                    summaryString(out, output);
                }
                if (e.llm() != null) {
                    llmOutcome(out, e.llm());
                }
                if (e.error() != null) {
                    error(out, e.error());
                }
            }
            case POLICY_DECISION -> {
                Decision d = e.decision();
                string(out, F_DECISION, d.verdict().wire());
                string(out, F_RULE, d.rule().wire());
                string(out, F_TOOL, d.tool());
                string(out, F_REASON, summary(d.reason()));
                if (d.approval() != null) {
                    startObject(out, F_APPROVAL);
                    string(out, F_ID, d.approval().id());
                    string(out, F_APPROVER, d.approval().approver());
                    out.endObject();
                }
            }
            case AGENT_DROPPED -> number(out, F_COUNT, e.count());
        }
    }

    /**
     * The attributes a started or handoff event's spec says, written in the schema's order; the
     * spec's constant values copied as it encoded them on an earlier call ({@link SpecBytes}).
     */
    private final class SpecAttributes implements SpecValues {

        private static final UnaryOperator<String> AS_IS = value -> value;

        private JsonOut out;
        private Event event;
        private SpecBytes constants;

        void write(JsonOut out, Event event) {
            this.out = out;
            this.event = event;
            this.constants = SpecBytes.of(event.spec(), EventJson.this);
            try {
                event.spec().describe(event, this);
            } finally {
                this.out = null;
                this.event = null;
                this.constants = null;
            }
        }

        /** {@code member}: the value's place among what this spec hands over, for {@link SpecBytes}. */
        private void member(byte[] field, int member, String value) {
            written(field, member, value, AS_IS);
        }

        /** A summary: bounded to {@code capture.maxChars} and redacted, as {@link #summary} does. */
        private void summaryMember(byte[] field, int member, String value) {
            written(field, member, value, summaryOf);
        }

        private void written(byte[] field, int member, String value, UnaryOperator<String> shown) {
            byte[] encoded = constants.encoded(member, field, value, shown);
            out.field(encoded != null ? encoded : field);
            if (encoded != null) {
                return;
            }
            if (shown == summaryOf) {
                summaryString(out, value);
            } else {
                out.string(value);
            }
        }

        @Override
        public void session(String kind, String inputSummary, Pairs metadata) {
            member(F_KIND, 0, kind);
            summaryMember(F_INPUT_SUMMARY, 1, inputSummary);
            // a @Session inside a test: the test's session, which it nests under, as the pair
            // parentSessionId (in the place of one the metadata has, else last)
            long enclosing = event.enclosingSessionId();
            String parent = enclosing == 0 ? null : ids.spell(enclosing);
            startObject(out, F_METADATA);
            int member = PAIRS_MEMBER;
            for (int place = 0; place < metadata.places(); place++) {
                if (metadata.repeatsAnEarlierKey(place)) {
                    continue;
                }
                String key = metadata.key(place);
                if (parent != null && PARENT_SESSION_ID.equals(key)) {
                    pair(member++, key, parent);
                    parent = null;
                } else {
                    pair(member++, key, metadata.value(place));
                }
            }
            if (parent != null) {
                pair(member, PARENT_SESSION_ID, parent);
            }
            out.endObject();
        }

        /**
         * One pair of metadata or a payload summary, {@code member} its place among what the spec
         * hands over: the key copied as encoded once, the value a summary, or redacted when the
         * key names a secret.
         */
        private void pair(int member, String key, String value) {
            if (key == null) { // a name must be a string: spelled "null", as a map with a null key was
                out.field(key);
                out.string(summary(value));
                return;
            }
            int entry = pairKeys.entry(key);
            byte[] name = pairKeys.name(entry);
            if (pairKeys.isSecret(entry)) {
                out.field(name);
                out.raw(REDACTED);
            } else if (member < SpecBytes.MEMBERS && value != null) {
                // a pair's key at its place is the same on every call (the spec's), so it goes with the value
                written(name, member, value, summaryOf);
            } else {
                out.field(name);
                summaryString(out, value);
            }
        }

        @Override
        public void handoff(String reason, Pairs payloadSummary) {
            id(out, F_SOURCE_RUN_ID, event.sourceRunId());
            member(F_REASON, 0, reason);
            if (event.type() == EventType.HANDOFF_REQUESTED) {
                startObject(out, F_PAYLOAD_SUMMARY);
                int member = PAIRS_MEMBER;
                for (int place = 0; place < payloadSummary.places(); place++) {
                    if (!payloadSummary.repeatsAnEarlierKey(place)) {
                        pair(member++, payloadSummary.key(place), payloadSummary.value(place));
                    }
                }
                out.endObject();
            }
        }

        @Override
        public void run(String stepKey, String stepName, int stepIndex, String role) {
            member(F_STEP_KEY, 0, stepKey);
            member(F_STEP_NAME, 1, stepName);
            number(out, F_STEP_INDEX, stepIndex);
            member(F_ROLE, 2, role);
        }

        @Override
        public void step(String stepKey, String stepName, int stepIndex) {
            member(F_STEP_KEY, 0, stepKey);
            member(F_STEP_NAME, 1, stepName);
            number(out, F_STEP_INDEX, stepIndex);
        }

        @Override
        public void tool(String name, String riskLevel, String actionType, String actionName, String resourceType,
                         String resourceExternalId, String inputSummary) {
            startObject(out, F_TOOL);
            member(F_NAME, 0, name);
            member(F_RISK_LEVEL, 1, riskLevel);
            out.endObject();
            startObject(out, F_ACTION);
            member(F_TYPE, 2, actionType);
            member(F_NAME, 3, actionName);
            out.endObject();
            if (resourceType != null) {
                startObject(out, F_RESOURCE);
                member(F_TYPE, 4, resourceType);
                member(F_EXTERNAL_ID, 5, resourceExternalId);
                out.endObject();
            }
            if (inputSummary != null) {
                summaryMember(F_INPUT_SUMMARY, 6, inputSummary);
            }
        }

        @Override
        public void llm(String provider, String model, String inputSummary) {
            member(F_PROVIDER, 0, provider);
            if (model != null) {
                member(F_MODEL, 1, model);
            }
            string(out, F_OPERATION, LlmCall.OPERATION);
            if (inputSummary != null) {
                summaryMember(F_INPUT_SUMMARY, 2, inputSummary);
            }
        }
    }

    private static void llmOutcome(JsonOut out, LlmOutcome llm) {
        if (llm.model() != null) {
            string(out, F_MODEL, llm.model());
        }
        tokens(out, F_INPUT_TOKENS, llm.inputTokens());
        tokens(out, F_OUTPUT_TOKENS, llm.outputTokens());
        tokens(out, F_CACHED_INPUT_TOKENS, llm.cachedInputTokens());
        tokens(out, F_REASONING_TOKENS, llm.reasoningTokens());
        if (llm.finishReason() != null) {
            string(out, F_FINISH_REASON, llm.finishReason());
        }
        if (llm.priced()) {
            out.field(F_COST_USD);
            out.raw(usd(llm.costUsd()).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Dollars to the nano-dollar, in plain notation: a cost is read by people as well as programs. */
    static String usd(double cost) {
        return BigDecimal.valueOf(cost).setScale(9, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static void tokens(JsonOut out, byte[] field, long count) {
        if (count >= 0) {
            number(out, field, count);
        }
    }

    private void error(JsonOut out, Failure error) {
        startObject(out, F_ERROR);
        string(out, F_TYPE, error.type());
        if (error.message() != null) {
            string(out, F_MESSAGE, summary(error.message()));
        }
        out.endObject();
    }

    /**
     * {@link #summary} of {@code text} spelled into {@code out}: in one pass when it is short plain
     * ASCII that holds no redaction key, as most summaries are, and copied when the very same string
     * was found so before; else bounded, redacted, then spelled.
     */
    private void summaryString(JsonOut out, String text) {
        if (text == null) {
            out.string(null);
            return;
        }
        if (plainSummaries.holds(text)) {
            out.plainAscii(text);
            return;
        }
        long[] keyStartPairs = redactor.keyStartPairs();
        if (keyStartPairs == null || text.length() > maxChars || !out.plainStringWithoutKeys(text, keyStartPairs)) {
            out.string(summary(text));
        } else {
            plainSummaries.remember(text);
        }
    }

    private String summary(String text) {
        String bounded = text.length() > maxChars ? text.substring(0, maxChars) + "…" : text;
        try {
            return redactor.text(bounded);
        } catch (RuntimeException | StackOverflowError e) {
            return Redactor.REDACTED; // a summary that cannot be checked for secrets is not shown
        }
    }

    private void id(JsonOut out, byte[] field, long id) {
        if (id != 0) {
            out.field(field);
            id(out, id);
        }
    }

    private void id(JsonOut out, long id) {
        int at = out.quotedSlot(IdFormat.LENGTH);
        ids.entityId(id, out.bytes(), at);
    }

    private static void string(JsonOut out, byte[] field, String value) {
        out.field(field);
        out.string(value);
    }

    private static void number(JsonOut out, byte[] field, long value) {
        out.field(field);
        out.number(value);
    }

    private static void startObject(JsonOut out, byte[] field) {
        out.field(field);
        out.startObject();
    }
}
