package dev.codebasemcp;

import java.util.Locale;

/** What a running job is doing now. */
public enum JobPhase {
    QUEUED, SCANNING, CHUNKING, EMBEDDING, WRITING, FINALIZING, DONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobPhase fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
