# METADATA
# description: |
#   Step 4b: argument constraints from the catalogue entry ("constraints": {<argument>: spec}),
#   judged on the PDP's analysis of each argument (input.mcp.<tool|prompt>.analysis), never on
#   the raw text (docs/security.md, "Argument analysis").
#   spec "sql": {"statements", "functions", "tables"} -> one parsed statement, kinds and
#                                  functions (and tables, when listed) allowed
#                                  (sql_not_allowed); "read_only_sql": true is the shipped
#                                  read-only list of defaults.sql (sql_not_read_only)
#   spec "path_prefixes": [...] -> normalised absolute path under a prefix (path_not_allowed)
#   spec "hosts": [...]         -> URL of a scheme in "schemes" (default http, https) whose host
#                                  is listed, "*.x" for subdomains (host_not_allowed)
#   An argument may be a string or a non-empty list of strings; each value must pass. A
#   constrained argument that is absent fails, unless the spec says "optional": true; one
#   spelt in another case ("Path", which a Go tool binds to path) is not absent, and fails.
#   Resource URIs must be valid, without traversal, and still under their catalogue prefix
#   once normalised.
package mcp.authz.arguments

import data.mcp.authz.catalogue
import data.mcp.authz.config
import data.mcp.authz.message

constraints := object.get(catalogue.entry, "constraints", {})

# The PDP's analysis of the item's arguments (tool, prompt) or of its URI (resource); {} for
# session messages. Each category's path spelt out, so that the bundle's input check sees that
# nothing else under input.mcp is read (docs/input.md, "Omitted fields").
analysis := object.get(item_analyses, message.category, {})

item_analyses := {
	"tool": object.get(input.mcp, ["tool", "analysis"], {}),
	"prompt": object.get(input.mcp, ["prompt", "analysis"], {}),
	"resource": object.get(input.mcp, ["resource", "analysis"], {}),
}

# The shipped read-only allow-lists; without them, only plain SELECTs calling no function pass.
read_only := object.get(config.defaults, ["sql", "read_only"], {"statements": ["select"], "functions": []})

# The analyses of one argument's values: each item of a non-empty, complete list, or the value
# itself. A value that is not a string, an empty list, or an argument the PDP did not analyse
# yields an analysis without the part a spec needs, so the spec fails.
value_analyses(name, spec) := [] if {
	spec.optional == true
	not spelt(name)
} else := items if {
	analysis[name].type == "array"
	analysis[name].truncated == false
	items := analysis[name].items
	count(items) > 0
} else := [object.get(analysis, name, {})]

# Whether an argument key names the argument in any spelling a Go tool binds to it.
spelt(name) if {
	some key in object.keys(message.arguments)
	catalogue.fold(key) == catalogue.fold(name)
}
