package dev.codebasemcp.indexing.scan;

/** Why a file that passed the ignore rules was not indexed. */
public enum SkipReason {
    TOO_LARGE, BINARY, NOT_UTF8, UNREADABLE, VANISHED, SYMLINK_OUTSIDE_REPOSITORY, NOT_REGULAR_FILE
}
