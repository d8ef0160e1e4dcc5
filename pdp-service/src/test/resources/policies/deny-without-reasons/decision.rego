# A policy that refuses everything and says nothing more: the smallest valid decision document.
package mcp.authz

decision := {"allow": false}
