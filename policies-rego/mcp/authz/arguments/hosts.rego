# URL arguments, judged on the PDP's reading of scheme and host.
package mcp.authz.arguments

default_schemes := ["http", "https"]

reasons contains {
	"code": "host_not_allowed",
	"message": sprintf("argument %q must be a %v URL to one of %v: %s", [name, schemes, hosts, problem]),
} if {
	some name, spec in constraints
	hosts := spec.hosts
	schemes := object.get(spec, "schemes", default_schemes)
	some value in value_analyses(name, spec)
	problem := host_problem(value, schemes, hosts)
}

# Why a value is not a URL to an allowed host; undefined when it is.
host_problem(value, schemes, hosts) := "not a string" if {
	not value.uri
} else := sprintf("not a URL (%s)", [object.get(value.uri, "error", "unknown")]) if {
	not value.uri.valid == true
} else := "scheme not allowed" if {
	not value.uri.scheme in schemes
} else := "host not allowed" if {
	host := object.get(value.uri, "host", "")
	not host_allowed(host, hosts)
}

host_allowed(host, hosts) if {
	host != ""
	some pattern in hosts
	host_matches(host, lower(pattern))
}

host_matches(host, pattern) if host == pattern

host_matches(host, pattern) if {
	startswith(pattern, "*.")
	endswith(host, substring(pattern, 1, -1))
}
