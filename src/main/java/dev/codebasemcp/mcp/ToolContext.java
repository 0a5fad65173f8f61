package dev.codebasemcp.mcp;

import dev.codebasemcp.jobs.JobService;
import dev.codebasemcp.project.ProjectResolver;
import dev.codebasemcp.search.SearchService;
import dev.codebasemcp.store.ChunkStore;
import dev.codebasemcp.store.Registry;

/** The services tools call; built by the composition root. */
public record ToolContext(ProjectResolver projects, Registry registry, ChunkStore chunkStore, JobService jobs,
                          SearchService search) {}
