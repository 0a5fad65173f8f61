/**
 * Settings: one immutable record read from the environment and validated at load; secrets masked when shown.
 * Imports nothing from other packages of the project except the shared exception types.
 */
package dev.codebasemcp.config;
