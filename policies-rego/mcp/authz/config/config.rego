# METADATA
# description: |
#   The one door to the configuration data in policies-rego/mcp/config/ (data.mcp.config):
#   defaults/data.json and servers/<server>/data.json. Kept out of data.mcp.authz so that no
#   data key can ever collide with a rule name.
package mcp.authz.config

defaults := data.mcp.config.defaults

servers := data.mcp.config.servers

default session := {}

session := data.mcp.config.session
