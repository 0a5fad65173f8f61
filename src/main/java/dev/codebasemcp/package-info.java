/**
 * Shared value records passed between packages ({@link dev.codebasemcp.ProjectRef}, {@link dev.codebasemcp.Chunk},
 * {@link dev.codebasemcp.Job}, ...). No behaviour beyond validation; imports nothing from the sub-packages.
 */
package dev.codebasemcp;
