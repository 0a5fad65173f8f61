package dev.codebasemcp.indexing;

/**
 * Percentage and ETA of a run over both phases, as a share of estimated time: {@code elapsed / (elapsed +
 * remaining)}, where the lexical phase's remainder is extrapolated from its own file rate and the embedding phase's
 * from its own chunk rate ({@link #PRIOR_CHUNKS_PER_SECOND} until it has embedded anything). So "50%" means about
 * half of the expected wall time, whichever phase it falls in; a large first index is mostly embedding.
 */
record WorkEstimate(double percentage, Long etaSeconds) {

    /** Assumed embedding speed before the run has measured its own (the in-process model on two cores). */
    static final double PRIOR_CHUNKS_PER_SECOND = 10;

    /**
     * @param elapsedSeconds       since the run started
     * @param lexicalSeconds       spent in the lexical phase so far (all of it once it is over)
     * @param filesDone            files the lexical phase has handled
     * @param filesTotal           files it will handle
     * @param lexicalDone          whether the lexical phase is over
     * @param vectorsPending       chunks still without a vector (an extrapolation during the lexical phase)
     * @param vectorsDone          vectors set by the embedding phase so far
     * @param embeddingSeconds     spent in the embedding phase so far
     */
    static WorkEstimate of(double elapsedSeconds, double lexicalSeconds, long filesDone, long filesTotal, boolean lexicalDone,
                           long vectorsPending, long vectorsDone, double embeddingSeconds) {
        double lexicalLeft;
        if (lexicalDone || filesTotal == 0) {
            lexicalLeft = 0;
        } else if (filesDone == 0 || lexicalSeconds <= 0) {
            return new WorkEstimate(0, null);
        } else {
            lexicalLeft = (filesTotal - filesDone) * lexicalSeconds / filesDone;
        }
        boolean measured = vectorsDone > 0 && embeddingSeconds > 0;
        double rate = measured ? vectorsDone / embeddingSeconds : PRIOR_CHUNKS_PER_SECOND;
        double left = lexicalLeft + Math.max(0, vectorsPending) / rate;
        double total = elapsedSeconds + left;
        double pct = total <= 0 ? 0 : Math.min(99.0, Math.floor(elapsedSeconds / total * 1000) / 10);
        boolean confident = lexicalDone ? (measured || vectorsPending == 0) : (double) filesDone / Math.max(1, filesTotal) > 0.02;
        return new WorkEstimate(pct, confident ? Math.round(left) : null);
    }
}
