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
allowed if {
	match := regex.find_all_string_submatch_n(
		`^(https?://(?:[^/:\[\]@]+|\[[0-9a-fA-F:.]+\]))(?::[0-9]{1,5})?$`,
		presented,
		1,
	)
	lower(match[0][1]) in allow_list
}

reasons contains {
	"code": "origin_not_allowed",
	"message": sprintf("origin %q is not on the allow-list", [presented]),
} if {
	presented
	not allowed
}
