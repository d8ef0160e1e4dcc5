# Path arguments and resource URIs, judged on the PDP's decoded and normalised form.
package mcp.authz.arguments

import data.mcp.authz.catalogue
import data.mcp.authz.message

reasons contains {
	"code": "path_not_allowed",
	"message": sprintf("argument %q must be an absolute path under %v: %s", [name, prefixes, problem]),
} if {
	some name, spec in constraints
	prefixes := spec.path_prefixes
	some value in value_analyses(name, spec)
	problem := path_problem(value, prefixes)
}

reasons contains {
	"code": "path_not_allowed",
	"message": sprintf("resource URI must be a normalised URI under its catalogue prefix: %s", [problem]),
} if {
	message.category == "resource"
	problem := resource_problem(object.get(analysis, "uri", {}))
}

# Why a resource URI cannot be judged by its catalogue prefix; undefined when it can.
resource_problem(uri) := sprintf("not a URI (%s)", [object.get(uri, "error", "not analysed")]) if {
	not uri.valid == true
} else := sprintf("not a normalised path (%s)", [object.get(uri, ["path", "error"], "unknown")]) if {
	not uri.opaque == true
	not uri.path.valid == true
} else := "a file URI with a query or fragment" if {
	uri.scheme == "file"
	not plain_file_uri(uri)
} else := "outside its catalogue prefix once normalised" if {
	prefix := catalogue.entry.uri_prefix
	normalised := object.get(uri, "normalised", "")
	not startswith(normalised, prefix)
}

under_any(path, prefixes) if {
	some prefix in prefixes
	under(path, trim_suffix(prefix, "/"))
}

under(path, dir) if path == dir

under(path, dir) if startswith(path, concat("", [dir, "/"]))

# Why a value is not an allowed path; undefined when it is.
path_problem(value, prefixes) := "not a string" if {
	not value.path
} else := sprintf("not a normalised path (%s)", [object.get(value.path, "error", "unknown")]) if {
	not value.path.valid == true
} else := "outside the allowed prefixes" if {
	normalised := object.get(value.path, "normalised", "")
	not under_any(normalised, prefixes)
}

# A server that takes everything after file:// as the path would read "x?/../../etc" as a path.
plain_file_uri(uri) if {
	uri.query == false
	uri.fragment == false
}
