package sh.ratri.agent.policy;

/** A capabilities or approvals source that cannot be used; the message is the one line users see. */
final class PolicyFileException extends Exception {

    private static final long serialVersionUID = 1L;

    PolicyFileException(String message) {
        super(message, null, false, false);
    }
}
