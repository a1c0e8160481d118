package xyz.halyrd.journal.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalEntry;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.platform.Ids;
import xyz.halyrd.platform.KeptUntilWrite;
import xyz.halyrd.platform.Paging;

/** {@code /agents/{id}/journal}: the append-only journal, newest first, paged by cursor. */
@ApplicationScoped // one instance for every request: nothing per request is kept in it
@Path("agents/{id}/journal")
@Produces(MediaType.APPLICATION_JSON)
public class JournalResource {

    @Inject
    Journal journal;

    @GET
    @KeptUntilWrite
    public Response page(@PathParam("id") String agentId,
            @QueryParam("limit") String limit,
            @QueryParam("before") String before,
            @QueryParam("type") String type,
            @QueryParam("tag") String tag,
            @Context UriInfo uri) {
        AgentRegistry.idOf(agentId);
        int size = Paging.limit(limit);
        if (before != null && !Ids.isWellFormed(before, "jrn")) {
            throw ApiException.validation("before", "must be a journal entry id (jrn_…)");
        }
        if (type != null && !JournalEntry.isWord(type)) {
            throw ApiException.validation("type", "must be a word of letters, digits and _./:-");
        }
        if (tag != null && !JournalEntry.isWord(tag)) {
            throw ApiException.validation("tag", "must be a word of letters, digits and _./:-");
        }
        List<JournalEntryView> entries = journal.page(before, type, tag, size).stream()
                .map(JournalEntryView::of).toList();
        return Paging.page(entries, size, uri, "before",
                entries.isEmpty() ? null : entries.get(entries.size() - 1).id());
    }
}
