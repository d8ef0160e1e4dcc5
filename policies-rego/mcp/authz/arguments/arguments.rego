# METADATA
# description: |
#   Step 4b: argument constraints from the catalogue entry ("constraints": {<argument>: spec}).
#   spec "read_only_sql": true  -> one read-only SQL statement (sql_not_read_only)
#   spec "path_prefixes": [...] -> absolute path under a prefix, no ".." (path_not_allowed)
#   spec "hosts": [...]         -> http(s) URL whose host is listed, "*.x" for subdomains
#                                  (host_not_allowed)
#   An argument may be a string or a list of strings; each value must pass. A constrained
#   argument that is absent fails, unless the spec says "optional": true.
#   Resource URIs are checked for ".." traversal too.
package mcp.authz.arguments

import data.mcp.authz.catalogue
import data.mcp.authz.message

constraints := object.get(catalogue.entry, "constraints", {})

# The values to check for one argument.
values(name, spec) := [] if {
	not name in object.keys(message.arguments)
	spec.optional == true
} else := message.arguments[name] if {
	is_array(message.arguments[name])
} else := [object.get(message.arguments, name, null)]

reasons contains {
	"code": "sql_not_read_only",
	"message": sprintf("argument %q must be a single read-only SQL statement", [name]),
} if {
	some name, spec in constraints
	object.get(spec, "read_only_sql", false) != false
	some value in values(name, spec)
	not read_only_sql(value)
}

reasons contains {
	"code": "path_not_allowed",
	"message": sprintf("argument %q must be a path under %v without ..", [name, prefixes]),
} if {
	some name, spec in constraints
	prefixes := spec.path_prefixes
	some value in values(name, spec)
	not path_allowed(value, prefixes)
}

reasons contains {
	"code": "path_not_allowed",
	"message": "resource URI must not contain .. segments",
} if {
	message.category == "resource"
	traversal(input.mcp.resource.uri)
}

reasons contains {
	"code": "host_not_allowed",
	"message": sprintf("argument %q must be an http(s) URL to one of %v", [name, hosts]),
} if {
	some name, spec in constraints
	hosts := spec.hosts
	some value in values(name, spec)
	not host_allowed(value, hosts)
}

# Statements that may write, change schema or rights, or run code. Word boundaries keep
# column names like update_time or created_at allowed.
write_keywords := {
	"alter", "attach", "call", "copy", "create", "delete", "detach", "drop", "exec", "execute",
	"grant", "insert", "into", "lock", "merge", "pragma", "revoke", "truncate", "update", "vacuum",
}

write_pattern := sprintf(`(?i)\b(%s)\b`, [concat("|", write_keywords)])

# A guard in front of a read-only database role, not a SQL parser: it errs on the side of
# denying (a keyword inside a string literal denies too).
read_only_sql(sql) if {
	is_string(sql)
	statement := trim_right(trim_space(sql), "; \t\r\n")
	not contains(statement, ";")
	regex.match(`^(?i)(select|with|explain|show)\b`, statement)
	not regex.match(write_pattern, statement)
}

path_allowed(path, prefixes) if {
	is_string(path)
	startswith(path, "/")
	not traversal(path)
	some prefix in prefixes
	under(path, trim_suffix(prefix, "/"))
}

under(path, dir) if path == dir

under(path, dir) if startswith(path, concat("", [dir, "/"]))

# A ".." segment, also spelled with backslashes or percent-encoded dots. Split on "/" after
# turning "\\" into "/": the same segments as a regex split, and native in the Wasm engine.
traversal(path) if {
	some segment in split(replace(path, `\`, "/"), "/")
	replace(lower(segment), "%2e", ".") == ".."
}

host_allowed(url, hosts) if {
	host := url_host(url)
	some pattern in hosts
	host_matches(host, lower(pattern))
}

host_matches(host, pattern) if host == pattern

host_matches(host, pattern) if {
	startswith(pattern, "*.")
	endswith(host, substring(pattern, 1, -1))
}

# Backslashes, whitespace and control characters are refused outright: parsers disagree on them.
url_host(url) := lower(match[0][1]) if {
	is_string(url)
	not regex.match(`[\\\s\x00-\x1f]`, url)
	match := regex.find_all_string_submatch_n(
		`^(?i)https?://(?:[^@/?#]*@)?(\[[0-9a-f:.]+\]|[^:/?#\[\]]+)(?::[0-9]{1,5})?(?:[/?#]|$)`,
		url,
		1,
	)
}
