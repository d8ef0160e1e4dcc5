package io.mcpauthz.audit.store;

import java.util.List;

/** A page of rows and the cursor of the next page, null on the last one. */
public record Page(List<DecisionRow> rows, Cursor next) {
}
