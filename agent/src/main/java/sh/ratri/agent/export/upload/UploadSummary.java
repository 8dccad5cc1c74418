package sh.ratri.agent.export.upload;

/**
 * The exit line of a sink that uploads: delivered, still spooled, lost to the spool bound, sent
 * from memory because the spool could not be written (and what of that was lost), refused.
 */
public final class UploadSummary {

    private UploadSummary() {
    }

    /** Null when the sink had nothing to do. */
    public static String of(String sink, String items, Uploader uploader, SpoolDirectory spool) {
        long delivered = uploader.deliveredEvents();
        long spooled = spool.pendingEvents();
        long lost = spool.lostEvents();
        long rejected = uploader.rejectedEvents();
        long unspooledLost = spool.unspooledLostEvents();
        if (delivered == 0 && spooled == 0 && lost == 0 && rejected == 0 && unspooledLost == 0) {
            return null;
        }
        StringBuilder line = new StringBuilder(sink).append(": ").append(delivered).append(" ").append(items).append(" delivered to ")
                .append(uploader.shownUrl());
        if (spooled > 0) {
            line.append("; ").append(spooled).append(" spooled in ").append(spool.dir())
                    .append(" (sent at the next start)");
        }
        if (lost > 0) {
            line.append("; ").append(lost).append(" lost (spool full, raise spool.maxBytes)");
        }
        if (spool.writeError() != null) {
            line.append("; spool not writable (").append(spool.writeError()).append("), sent from memory");
            if (unspooledLost > 0) {
                line.append(": ").append(unspooledLost).append(" lost (not sent before exit)");
            }
        }
        if (rejected > 0) {
            line.append("; ").append(rejected).append(" refused by the backend");
        }
        return line.toString();
    }
}
