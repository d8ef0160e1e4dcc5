# METADATA
# description: |
#   Step 0: browser origin check against DNS rebinding and cross-site calls. Agents and CLIs
#   send no Origin header, so an absent (or empty) origin passes; a present one must be on the
#   allow-list in data.mcp.config.defaults.origins. The literal origin "null" is never allowed.
package mcp.authz.origin

import data.mcp.authz.config

allow_list contains lower(o) if some o in config.defaults.origins

presented := o if {
	o := input.request.origin
	o != null
	o != ""
}

allowed if not presented

allowed if lower(presented) in allow_list

# An entry without a port admits every port of that scheme and host: dev servers move ports.
# String functions, not a regex: in Wasm every call would compile the pattern again.
allowed if {
	some scheme in {"http://", "https://"}
	startswith(presented, scheme)
	[host, port] := host_and_port(substring(presented, count(scheme), -1))
	valid_port(port)
	lower(concat("", [scheme, host])) in allow_list
}

# "[v6]:port": the brackets hold only hex digits, colons and dots.
host_and_port(rest) := [host, substring(rest, end + 2, -1)] if {
	startswith(rest, "[")
	end := indexof(rest, "]")
	end > 1
	trim(substring(rest, 1, end - 1), "0123456789abcdefABCDEF:.") == ""
	substring(rest, end + 1, 1) == ":"
	host := substring(rest, 0, end + 1)
}

# "name:port": the name holds none of / : [ ] @.
host_and_port(rest) := [name, port] if {
	not startswith(rest, "[")
	[name, port] := split(rest, ":")
	name != ""
	not contains_any(name, {"/", "[", "]", "@"})
}

valid_port(port) if {
	count(port) >= 1
	count(port) <= 5
	trim(port, "0123456789") == ""
}

contains_any(text, chars) if {
	some char in chars
	contains(text, char)
}

reasons contains {
	"code": "origin_not_allowed",
	"message": sprintf("origin %q is not on the allow-list", [presented]),
} if {
	presented
	not allowed
}
